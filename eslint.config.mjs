// Flat config: eslint's recommended rules plus typescript-eslint's, for every TypeScript file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders (and files) of lambdas/ that run a source: they see only the model. */
export const ENGINE_FOLDERS = ['auth/**', 'http/**', 'paginators/**', 'selectors/**', 'request/**', 'incremental/**', 'extract/**', 'sink/**', 'run/**', 'commit/**', 'secrets/**', 'sourceHandler.ts'];
/** lambdas/config modules that define or produce the input shapes. */
export const INPUT_MODULES = ['schema', 'boundEndpoint', 'dltParams', 'normalizeSource', 'validateSource', 'loadSource'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'data/**', 'docs/api/**', 'coverage/**', '.sluice-tmp/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Storage and the commit protocol sit below orchestration: an import back up into run/ says a concept is in the wrong folder.
    files: ['lambdas/sink/**/*.ts', 'lambdas/commit/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/run', '**/run/*'], message: 'sink/ and commit/ must not import from run/ (orchestration sits above them).' }] }],
    },
  },
  {
    // The writer names its part files itself; storage knows nothing of manifests, checkpoints or state.
    files: ['lambdas/sink/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/run', '**/run/*'], message: 'sink/ and commit/ must not import from run/ (orchestration sits above them).' },
            { group: ['**/commit', '**/commit/*'], message: 'sink/ must not import from commit/ (the commit protocol is built on storage, not the other way round).' },
          ],
        },
      ],
    },
  },
  {
    // The engine runs on the closed model (lambdas/model) that normalizeSource produces, never on input shapes.
    files: ENGINE_FOLDERS.map((folder) => `lambdas/${folder}`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `(^|/)config/(${INPUT_MODULES.join('|')})$`,
              message: 'engine code imports the source model (lambdas/model), not the input schema or its shapes: normalizeSource is the only parse step',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
