// @ts-check
/**
 * `npm run lint` runs this, then `prettier --check .`. Every TypeScript file gets typescript-eslint's
 * recommended rules. Of the rules that need the types, the ones on here catch bugs: a promise nobody
 * awaits or handles, a promise where a callback's result is ignored, an await of a non-promise, a
 * throw or reject of a non-error, for-in over an array, eval by string, delete on an array. The rest
 * of recommended-type-checked is off: its no-unsafe-* rules mostly flag the tests' parsed JSON and
 * DynamoDB items, require-await flags async functions kept async for their interface, and
 * unbound-method flags object-literal methods that never use `this`. Each file is checked with the
 * tsconfig that compiles it (web/ has its own).
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/node_modules/', 'dist/', 'web/dist/', '**/.esbuild*/', '.serverless/', '.data*/', 'bench/results/', 'coverage/', 'test-artifacts/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // a `let` that a closure defined before its assignment reads stays a `let` (scripts/start.ts's shutdown hook): as a const it would be in its TDZ
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-array-delete': 'error',
    },
  },
  {
    // the jest config and transformer and the serverless plugins: CommonJS run by Node
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
  },
);
