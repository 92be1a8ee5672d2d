// Python's hard keywords (3.x; `match`, `case`, `type` are soft ones and may be names): no name a
// script can bind or write after a dot, and words every Python file has.
export const PYTHON_KEYWORDS: readonly string[] = 'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' ');
