// Code rules for every TypeScript and JavaScript file. Layer boundaries (which folder may
// import which, cycles, vscode/tfjs/node built-ins per context) live in .dependency-cruiser.cjs;
// globals per context (DOM, node, vscode) in the tsconfig of each context.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      '.vscode-test/**',
      'test-results/**',
      'reports/**',
      'bench/results/**',
      '.bench-venv/**',
      'docs/reproduction/**',
      // Generated from the .wat sources by scripts/compile-kernels.mjs.
      'src/trainer/kernels/*.wasm.ts',
      // ajv standalone code, generated from the schema by scripts/write-schema.ts.
      'src/**/generated/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Same convention as tsc's noUnusedParameters: a leading underscore marks a parameter
      // kept for its position (callbacks, interface implementations).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // An empty catch is how this code says "absent is fine" (a missing file, an optional package).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // require() stays for packages that may be missing at run time and are loaded only when
      // needed: tfjs-node and the wasm backend (optional), playwright-core (a dev dependency).
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^@tensorflow/', '^playwright-core$'] }],
    },
  },
  {
    files: ['src/webviews/**'],
    languageOptions: { globals: globals.browser },
  },
);
