// Lint rules, including the architecture's import boundaries (docs/ARCHITECTURE.md): only
// extension/ may import `vscode`; core/ imports neither `vscode` nor the language server or client;
// webviews/ import from core/ only core/protocol (the message contract) and core/text (display
// formatting), never Node or editor modules; so those two folders stay browser-safe and depend on
// nothing else of ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const editorModules = [
  { name: 'vscode', message: "Only extension/ may import 'vscode' (docs/ARCHITECTURE.md)." },
];
const lspServer = [
  { name: 'vscode-languageserver', message: 'Only server/ may import the language server library.' },
  { name: 'vscode-languageserver/node', message: 'Only server/ may import the language server library.' },
];
const lspClient = [
  { name: 'vscode-languageclient', message: 'Only extension/ may import the language client.' },
  { name: 'vscode-languageclient/node', message: 'Only extension/ may import the language client.' },
];
const coreDependsOnNothing = {
  group: ['../extension/*', '../server/*', '../webviews/*', '../../*/extension/*'],
  message: 'core/ depends on nothing else of ours.',
};
// Webviews bundle these two folders into browser code: they must not pull in Node or the rest of core/.
const browserSafeCore = [
  // core/protocol may name core/text's types (a translatable Message in a status); both stay browser-safe.
  { regex: '^\\.\\./(?!text/)', message: 'core/protocol and core/text depend on nothing else of ours (core/protocol on core/text only): webviews import them (docs/ARCHITECTURE.md).' },
  { group: ['node:*'], message: 'core/protocol and core/text run in webviews too: no Node modules.' },
];
const webviewImports = [
  { group: ['**/extension/*', '**/server/*'], message: 'Webviews import core/protocol and core/text only.' },
  { regex: '(^|/)core/(?!protocol/|text/)', message: 'Webviews import from core/ only core/protocol (the contract) and core/text (display formatting).' },
];
const restrict = (paths, patterns = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

export default tseslint.config(
  // npm-stubs/: empty CommonJS stand-ins for jsroot's drawing dependencies (npm-stubs/README.md).
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tsbuild/**', 'demo/**', '**/*.vsix', 'test-results/**', 'npm-stubs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DESIGN.md conventions).' },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read JSON manifests whose shape they are checking; `any` is the honest type there.
  { files: ['**/*.test.ts', 'test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['core/**/*.ts'], rules: restrict([...editorModules, ...lspServer, ...lspClient], [coreDependsOnNothing]) },
  {
    files: ['core/protocol/**/*.ts', 'core/text/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...editorModules, ...lspServer, ...lspClient], [coreDependsOnNothing, ...browserSafeCore]),
  },
  { files: ['server/**/*.ts'], rules: restrict([...editorModules, ...lspClient]) },
  { files: ['extension/**/*.ts'], rules: restrict([...lspServer]) },
  {
    files: ['webviews/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: globals.browser },
    rules: restrict([...editorModules, ...lspServer, ...lspClient], [
      { group: ['node:*'], message: 'Webviews run in a browser: no Node modules.' },
      ...webviewImports,
    ]),
  },
  // A webview's unit tests run in Node (mocha) against an in-memory port.
  {
    files: ['webviews/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: restrict([...editorModules, ...lspServer, ...lspClient], webviewImports),
  },
  {
    files: ['test/**/*.ts', 'bench/**', 'scripts/**'],
    rules: restrict([...editorModules]),
  },
);
