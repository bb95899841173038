// ESLint flat config: typescript-eslint strict-type-checked, promises checked, zero warnings.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers of src/ (README "Layout", docs/decisions/0009-application-layer.md): one element per
 * folder, the first that matches; `src` itself holds the entry (index.ts) and the wiring.
 */
const LAYERS = [
  'resolvers',
  'triggers',
  'jobs',
  'app',
  'atlassian',
  'storage',
  'platform',
  'notifications',
  'templates',
  'i18n',
  'contract',
  'domain',
  'ui',
]
  .map((folder) => ({ type: folder, pattern: `src/${folder}`, stopMatching: true }))
  .concat([
    { type: 'src', pattern: 'src', stopMatching: true },
    { type: 'local-host', pattern: 'local', stopMatching: true },
  ]);

/** Files with a role of their own inside a layer. */
const FILES = [
  { category: 'entry', pattern: 'src/index.ts' },
  { category: 'wiring', pattern: 'src/wiring.ts' },
  // What use cases may take from an adapter besides types: its port and the errors it throws.
  {
    category: 'port',
    pattern: [
      'src/atlassian/errors.ts',
      'src/atlassian/jira/port.ts',
      'src/storage/errors.ts',
      'src/platform/*-port.ts',
    ],
  },
  // The ICU formatter and the date formatter, pure: the UI formats as the functions do.
  { category: 'formatter', pattern: 'src/i18n/{format,dates}.ts' },
];

const layer = (types) => ({ element: { types: { anyOf: types } } });
const from = (type, category) => ({
  element: { type },
  ...(category ? { file: { categories: category } } : {}),
});
const typesOnly = { dependency: { kind: 'type' } };
const TEXTS = ['notifications', 'templates', 'i18n'];
const ADAPTERS = ['atlassian', 'storage', 'platform'];

/** Who may import whom; anything else is refused. */
const LAYER_POLICIES = [
  // The domain is pure: it imports nothing of the app.
  { from: from('domain'), allow: { to: layer(['domain']) } },
  { from: from('contract'), allow: { to: layer(['contract', 'domain']) } },
  {
    from: [from('notifications'), from('templates'), from('i18n')],
    allow: { to: layer([...TEXTS, 'domain', 'contract']) },
  },
  {
    from: [from('notifications'), from('templates'), from('i18n')],
    allow: { to: layer(['atlassian']), ...typesOnly },
  },
  // Use cases see the adapters' ports and errors; of the adapters themselves, only types.
  { from: from('app'), allow: { to: layer(['app', 'domain', 'contract', ...TEXTS]) } },
  { from: from('app'), allow: { to: { ...layer(ADAPTERS), file: { categories: 'port' } } } },
  { from: from('app'), allow: { to: layer(ADAPTERS), ...typesOnly } },
  // The REST clients and the storage client throw their own errors: they know nothing of the UI
  // contract (src/app/failures.ts maps their errors).
  { from: from('atlassian'), allow: { to: layer(['atlassian', 'domain']) } },
  { from: from('storage'), allow: { to: layer(['storage', 'domain', 'platform']) } },
  { from: from('platform'), allow: { to: layer(['platform', 'domain']) } },
  { from: from('src', 'wiring'), allow: { to: layer(ADAPTERS) } },
  { from: from('src', 'wiring'), allow: { to: layer(['app']), ...typesOnly } },
  // The edges reach the app and the wiring; resolvers, triggers and jobs never each other.
  {
    from: from('resolvers'),
    allow: { to: layer(['resolvers', 'app', 'platform', 'contract', 'domain']) },
  },
  {
    from: from('triggers'),
    allow: { to: layer(['triggers', 'app', 'platform', 'notifications', 'i18n', 'domain']) },
  },
  { from: from('jobs'), allow: { to: layer(['jobs', 'app', 'platform', 'domain']) } },
  {
    from: [from('resolvers'), from('triggers'), from('jobs')],
    allow: { to: { element: { type: 'src' }, file: { categories: 'wiring' } } },
  },
  { from: from('src', 'entry'), allow: { to: layer(['resolvers', 'triggers', 'jobs']) } },
  // The UI reaches the backend only through the contract (and the domain's shared rules).
  { from: from('ui'), allow: { to: layer(['ui', 'contract', 'domain']) } },
  { from: from('ui'), allow: { to: { ...layer(['i18n']), file: { categories: 'formatter' } } } },
  // Nothing in src/ imports the local host: no policy allows an import of 'local-host'.
];

/** Failures are built by src/app/failures.ts from the error catalogue, and nowhere else. */
const FAILURES_BUILT_ELSEWHERE = [
  {
    selector: 'NewExpression[callee.name="AppFailure"]',
    message: "Throw refuse('errors.…') from src/app/failures.ts: a kind of the error catalogue.",
  },
  {
    // An AppError written by hand: a code, a message key and, mostly, an English text in code.
    selector:
      'ObjectExpression:has(> Property[key.name="code"]):has(> Property[key.name="messageKey"])',
    message:
      'Build errors from the catalogue: failure() or refuse() of src/app/failures.ts (errorOf() in the UI).',
  },
];
/** The catalogue's own builder leaves the English text out: only the UI, which has none, uses it. */
const ERROR_OF_OUTSIDE_THE_UI = {
  selector: 'CallExpression[callee.name="errorOf"]',
  message:
    "Use failure() or refuse() of src/app/failures.ts: they write the locale file's English text.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'static/',
      '.local-data/',
      'coverage/',
      'test/fixtures/',
      '*.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            'eslint.config.mjs',
            'jest.config.js',
            'vite.config.mjs',
            'scripts/vite-ui-messages.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-definitions': 'off',
    },
  },
  {
    // The browser bundle must not pull zod in: the UI may import only types from the contract's
    // schemas and from the domain modules that hold them. Values come from the zod-free modules:
    // contract/envelope, domain/limits and the rules of domain/rules/.
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'The UI does not validate with zod; the backend does.' }],
          patterns: [
            {
              regex: '/contract(/functions|/index)?$',
              allowTypeImports: true,
              message:
                'Import values from contract/envelope; only types from the contract schemas.',
            },
            {
              regex: '/domain/(?!limits$|language$|errors$|rules/)',
              allowTypeImports: true,
              message:
                'Domain modules hold zod schemas; import rules from domain/rules/, constants from domain/limits, languages from domain/language, errors from domain/errors.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules the browser runs too stay free of zod, and of every domain module that holds a
    // schema, so that importing one never brings a schema into the UI's bundle.
    files: ['src/domain/rules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Rules are plain functions; schemas wrap them.' }],
          patterns: [
            {
              regex: '^\\.\\./(?!limits$)',
              allowTypeImports: true,
              message: 'A rule imports only other rules and domain/limits.',
            },
          ],
        },
      ],
    },
  },
  {
    // The error catalogue is read by the browser too: plain data, no schema.
    files: ['src/domain/errors.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'The error catalogue is plain data, read by the UI too.' },
          ],
          patterns: [
            { regex: '^\\./', message: 'The error catalogue imports nothing of the domain.' },
          ],
        },
      ],
    },
  },
  {
    // Failures come from the error catalogue (domain/errors.ts) through src/app/failures.ts, with
    // their messages in the locale files: nothing else builds one, so each refusal is built once
    // and no English text in code can drift from what users read.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/app/failures.ts', 'src/domain/errors.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...FAILURES_BUILT_ELSEWHERE, ERROR_OF_OUTSIDE_THE_UI],
    },
  },
  {
    // The UI has no copy of the locale files: its transport errors come from the catalogue as
    // they are, translated by their key like any other.
    files: ['src/ui/invoke.ts'],
    rules: { 'no-restricted-syntax': ['error', ...FAILURES_BUILT_ELSEWHERE] },
  },
  {
    files: ['src/domain/limits.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Limits are plain numbers, read by the UI too.' }],
          patterns: [{ regex: '^\\./', message: 'Limits import nothing of the domain.' }],
        },
      ],
    },
  },
  {
    // Storage is reached through src/storage/client.ts only: it retries throttled and failed
    // calls within the invocation's time, and turns a storage outage into UPSTREAM.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/storage/client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@forge/kvs',
              importNames: ['kvs', 'default'],
              message: 'Use storageClient from src/storage/client.ts (retries 429 and 5xx).',
            },
          ],
        },
      ],
    },
  },
  {
    // The layering of src/, checked on every import: see LAYER_POLICIES above.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS,
      'boundaries/files': FILES,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: LAYER_POLICIES }],
    },
  },
  {
    // The local host loads the app's handlers by the manifest's path, as Forge does.
    files: ['local/app.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // The host's bridge script runs in the app's iframe, its issue view and Confluence page
    // scripts in the host page, the bench's frame probe in both: all in the browser.
    files: [
      'local/http/bridge-client.js',
      'local/http/host-frames.js',
      'local/http/issue-view.js',
      'local/http/confluence-page.js',
      'local/http/dashboard-page.js',
      'bench/browser-frame.js',
    ],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
