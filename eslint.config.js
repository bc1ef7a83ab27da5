// @ts-check
// Lint rules double as architecture checks: each boundary folder may import only what its
// README says. The `no-restricted-imports` blocks below are those rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.data/', 'test-results/', 'playwright-report/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          pattern(['node:*', 'react', 'react-dom', 'pg', 'fastify*'], 'contract/ is pure TypeScript shared by every runtime.'),
          pattern(['**/server/**', '**/electron/**', '**/renderer/**', '**/e2e/**', '**/scripts/**'], 'contract/ imports nothing from the rest of the repo.'),
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/electron/**', '**/renderer/**', 'react', 'react-dom'], 'server/ may import contract/ only.')],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web-host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**', '**/renderer/**', '**/main/**', '**/preload/**', 'react', 'react-dom'], 'The engine runs without Electron and knows nothing of the UI or the server code.')],
      }],
    },
  },
  {
    files: ['electron/engine-host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**', '**/renderer/**', '**/main/**', '**/preload/**', '**/web-host/**', 'react', 'react-dom'], 'The engine process runs the engine (core) for its parent; it never imports electron, so it also runs under plain Node.')],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/core/**', '**/server/**', '**/renderer/**', 'node:*'], 'The preload exposes the contract transport and nothing else.')],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/server/**', '**/renderer/**', '**/web-host/**', '**/core/create-services*', '**/core/bridge/**'], 'electron/main starts the engine process (engine-host) and wires it to Electron; it never runs the engine itself.')],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['node:*', '**/electron/**', '**/server/**', 'pg', 'fastify*', 'keytar'], 'The renderer talks to the engine only through the contract bridge.')],
      }],
    },
  },
);
