import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Imports between the folders of src/ go one way: the action orchestrates the subsystems, which use the Hub,
 * the cache layout and the data path, which use only shared text and types. Each folder may import only
 * from the folders listed for it (and from itself).
 */
const LAYERS = {
  bin: ['action'],
  action: ['actions-cache', 'auth', 'prewarm', 'hub', 'hub-cache', 'http', 'shared'],
  'actions-cache': ['hub', 'hub-cache', 'http', 'shared'],
  auth: ['hub', 'shared'],
  prewarm: ['hub', 'hub-cache', 'http', 'shared'],
  'hub-cache': ['hub', 'shared'],
  hub: ['http', 'shared'],
  http: ['shared'],
  shared: []
}
const FOLDERS = Object.keys(LAYERS)

const layerRules = FOLDERS.map(folder => {
  const forbidden = FOLDERS.filter(other => other !== folder && !LAYERS[folder].includes(other))
  const message = `src/${folder} may import only from ${LAYERS[folder].map(f => `src/${f}`).join(', ') || 'itself'} (see eslint.config.js)`
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map(other => ({
            regex: `^(\\.\\./)+${other}/`,
            message
          }))
        }
      ],
      // The same for `await import('…')`, which most loads across folders are (no-restricted-imports reads
      // only static imports and exports).
      'no-restricted-syntax': [
        'error',
        ...forbidden.map(other => ({
          selector: `ImportExpression > Literal[value=/^(\\.\\.\\/)+${other}\\//]`,
          message
        }))
      ]
    }
  }
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'build/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // The action talks through @actions/core, so masking and annotations always apply.
      'no-console': 'error'
    }
  },
  ...layerRules,
  {
    // Tests, fixtures and scripts are allowed to talk to the terminal directly.
    files: ['__tests__/**', '__fixtures__/**', 'scripts/**'],
    rules: { 'no-console': 'off' }
  }
)
