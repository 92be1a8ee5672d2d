// Lint rules, including the architecture's import boundaries (docs/ARCHITECTURE.md): only
// extension/ may import `vscode`; core/ imports neither `vscode` nor the language server or client;
// webviews/ import core/protocol types only, never Node or editor modules.
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
const restrict = (paths, patterns = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.tsbuild/**', 'demo/**', '**/*.vsix', 'test-results/**'] },
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
  {
    files: ['core/**/*.ts'],
    rules: restrict([...editorModules, ...lspServer, ...lspClient], [
      { group: ['../extension/*', '../server/*', '../webviews/*', '../../*/extension/*'], message: 'core/ depends on nothing else of ours.' },
    ]),
  },
  { files: ['server/**/*.ts'], rules: restrict([...editorModules, ...lspClient]) },
  { files: ['extension/**/*.ts'], rules: restrict([...lspServer]) },
  {
    files: ['webviews/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: restrict([...editorModules, ...lspServer, ...lspClient], [
      { group: ['node:*'], message: 'Webviews run in a browser: no Node modules.' },
      { group: ['**/extension/*', '**/server/*'], message: 'Webviews import core/protocol types only.' },
    ]),
  },
  {
    files: ['test/**/*.ts', 'bench/**', 'scripts/**'],
    rules: restrict([...editorModules]),
  },
);
