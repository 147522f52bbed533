import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'build/'] },
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
  {
    // Tests, fixtures and scripts are allowed to talk to the terminal directly.
    files: ['__tests__/**', '__fixtures__/**', 'scripts/**'],
    rules: { 'no-console': 'off' }
  }
)
