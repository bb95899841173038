// ESLint flat config: typescript-eslint strict-type-checked, promises checked, zero warnings.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
          allowDefaultProject: ['eslint.config.mjs', 'jest.config.js', 'vite.config.mjs'],
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
              regex: '/domain/(?!limits$|rules/)',
              allowTypeImports: true,
              message:
                'Domain modules hold zod schemas; import rules from domain/rules/ and constants from domain/limits.',
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
    // calls, and turns a storage outage into UPSTREAM.
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
              message: 'Use kvs from src/storage/client.ts (retries 429 and 5xx).',
            },
          ],
        },
      ],
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
    // scripts in the host page: all in the browser.
    files: [
      'local/http/bridge-client.js',
      'local/http/host-frames.js',
      'local/http/issue-view.js',
      'local/http/confluence-page.js',
    ],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
);
