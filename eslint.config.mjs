import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const adapterImports = {
  paths: [{ name: 'vscode', message: 'src/core is platform-neutral: only src/vscode may import vscode.' }],
  patterns: [
    { group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/core must not depend on the VS Code adapter layer.' },
    { group: ['**/cli/**', '../cli', '../../cli'], message: 'src/core must not depend on the CLI layer.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test-results/', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', adapterImports] },
  },
  {
    // The gateway and the CLI run without VS Code (llm-router serve).
    files: ['src/gateway/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/gateway and src/cli run without VS Code.' }], patterns: [{ group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'src/gateway and src/cli must not depend on the VS Code adapter layer.' }] }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
