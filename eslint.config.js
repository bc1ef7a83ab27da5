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
          pattern(['**/server/**', '**/electron/**', '**/renderer/**', '**/e2e/**', '**/scripts/**', '**/simulator/**', '**/demo/**', '**/bench/**'], 'contract/ imports nothing from the rest of the repo.'),
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/electron/**', '**/renderer/**', '**/simulator/**', '**/bench/**', 'react', 'react-dom'], 'server/ may import contract/ (and demo/ for the demo seed and tests) only.')],
      }],
    },
  },
  {
    files: ['demo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**', '**/electron/**', '**/renderer/**', '**/simulator/**', '**/bench/**', 'pg', 'fastify*', 'react', 'react-dom'], 'demo/ is data: it may import contract/ only.')],
      }],
    },
  },
  {
    // A tool beside the product that behaves like devices in the field: contract/ and demo/,
    // HTTP to the fleet cloud, nothing of the server's modules.
    files: ['simulator/**/*.ts'],
    ignores: ['simulator/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**', '**/electron/**', '**/renderer/**', '**/bench/**', 'pg', 'fastify*', 'react', 'react-dom'], 'simulator/ may import contract/ and demo/ only; it talks to the fleet cloud over HTTP.')],
      }],
    },
  },
  {
    // Its integration test starts a real fleet cloud the way the E2E suite does, and nothing more.
    files: ['simulator/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**/*.ts', '!**/server/start-fleet-cloud.ts', '!**/server/test/*.ts', '**/electron/**', '**/renderer/**', 'pg', 'fastify*', 'react', 'react-dom'], 'simulator tests start a fleet cloud through server/start-fleet-cloud.ts and server/test/ only.')],
      }],
    },
  },
  {
    // One way to reach the database from a route: handlers validate, authorize, call a
    // `*-repository.ts` function and map; the SQL lives in the repository.
    files: ['server/routes/api/**/*.ts'],
    ignores: ['server/routes/api/**/*-repository.ts', 'server/routes/api/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='query']",
        message: 'Route handlers call repository functions; SQL goes into the route folder\'s *-repository.ts.',
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
    // The engine's tests start the real fleet cloud as a process through this one launcher
    // (shared with the chaos suite); it spawns server/main.ts by path and imports no server module.
    files: ['electron/core/test/fleet-cloud-process.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [pattern(['**/server/**/*.ts', '!**/server/test/fleet-cloud-child.ts', '**/renderer/**', '**/main/**', '**/preload/**', 'react', 'react-dom'], 'The engine knows no server code; its tests start the fleet cloud through server/test/fleet-cloud-child.ts only.')],
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
