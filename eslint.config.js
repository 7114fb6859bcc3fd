// ESLint flat config: the field's TypeScript and React rules, plus ARCHITECTURE.md's layers as import rules.
//
// Layers are checked with eslint-plugin-boundaries rather than dependency-cruiser: one tool and one run for
// style and architecture, and a forbidden import is underlined in the editor as it is typed.
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Where each layer lives (ARCHITECTURE.md §1). A file's layer is the first pattern its path falls under. */
const LAYERS = [
  { type: 'contract', pattern: 'electron/contract' },
  { type: 'core', pattern: 'electron/core' },
  { type: 'main', pattern: 'electron/main' },
  { type: 'preload', pattern: 'electron/preload' },
  { type: 'server', pattern: 'electron/server' },
  { type: 'cli', pattern: 'electron/cli' },
  { type: 'renderer', pattern: 'renderer/src' },
  { type: 'e2e', pattern: 'e2e' },
  { type: 'bench', pattern: 'bench' },
  { type: 'scripts', pattern: 'scripts' },
].map((layer) => ({ ...layer, partialMatch: false }));

const layer = (...types) => ({ element: { types: types.length === 1 ? types[0] : { anyOf: types } } });
const nodeBuiltins = { module: { origin: 'core' } };
const packages = (source) => ({ module: source ? { origin: 'external', source } : { origin: 'external' } });

/**
 * Who may import whom. Imports point one way: main | server | cli -> core -> contract, renderer -> contract.
 * Later policies win over earlier ones, so the prohibitions at the end hold whatever was allowed before them.
 */
const LAYER_POLICIES = [
  // The contract is data only: zod schemas and their types, shared by Node and the page.
  { from: layer('contract'), allow: { to: [layer('contract'), packages('zod')] } },
  // The domain: plain Node, knows no window and no shell.
  { from: layer('core'), allow: { to: [layer('core', 'contract'), nodeBuiltins, packages()] } },
  // The shells call the core through the contract's shapes; the CLI may start the server (`trellis serve`).
  { from: layer('main'), allow: { to: [layer('main', 'core', 'contract'), nodeBuiltins, packages()] } },
  { from: layer('server'), allow: { to: [layer('server', 'core', 'contract'), nodeBuiltins, packages()] } },
  { from: layer('cli'), allow: { to: [layer('cli', 'server', 'core', 'contract'), nodeBuiltins, packages()] } },
  // The preload exposes the contract's channels through contextBridge, nothing else.
  { from: layer('preload'), allow: { to: [layer('contract'), packages('electron')] } },
  // The page talks only through the contract.
  { from: layer('renderer'), allow: { to: [layer('renderer', 'contract'), packages()] } },
  // Journeys, benchmarks and scripts drive the whole house from outside.
  { from: layer('e2e', 'bench', 'scripts'), allow: { to: [{ element: { types: '*' } }, nodeBuiltins, packages()] } },
  // Unit tests run in Node and may use the mock model server and the e2e harness.
  {
    from: { file: { categories: 'test' } },
    allow: { to: [layer('e2e'), nodeBuiltins, packages()] },
  },
  // Only the Electron shells may touch Electron.
  {
    from: layer('contract', 'core', 'server', 'cli', 'renderer'),
    disallow: { to: packages('electron') },
    message:
      "Only electron/main and electron/preload may import 'electron'; core, server, CLI and renderer run without it.",
  },
  {
    from: layer('renderer'),
    disallow: { to: layer('core', 'main', 'preload', 'server', 'cli') },
    message: 'The renderer talks to Node only through electron/contract (ARCHITECTURE.md §1).',
  },
  {
    from: layer('core', 'contract'),
    disallow: { to: layer('main', 'preload', 'server', 'cli', 'renderer') },
    message: 'Imports point main | server | cli -> core -> contract; the core and the contract never import a shell.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'e2e/screenshots/',
      'bench/.cache/',
      '**/*.d.ts',
      'renderer/public/',
    ],
  },
  // Not the type-aware set: on this 2-core machine it took 72 s of CPU against 18 s (4x), and what it adds (no-unsafe-*,
  // require-await, no-unnecessary-type-assertion: 247 findings today) is mostly JSON.parse's `any` in tests and
  // parsers and async functions without an await, not defects.
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // TypeScript's own convention (noUnusedLocals/Parameters): a leading underscore says "unused on purpose";
      // `{ omitted: _, ...rest }` drops a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Environment globals per layer.
  {
    files: ['electron/**', 'bin/**', 'scripts/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  { files: ['renderer/src/**'], languageOptions: { globals: globals.browser } },
  // Playwright tests run in Node; the functions they evaluate run in the page.
  { files: ['e2e/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },

  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      // Says which components the React Compiler would skip (useVirtualizer's); Trellis does not run the compiler.
      'react-hooks/incompatible-library': 'off',
      // A missing dependency is a stale-state bug waiting; warnings scroll by, so it fails the lint.
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  {
    files: ['electron/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,js}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS,
      'boundaries/files': [{ category: 'test', pattern: '**/*.test.{ts,tsx}' }],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, policies: LAYER_POLICIES }],
    },
  },
);
