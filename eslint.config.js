import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Layering: lower layers never touch the terminal or the process.
    files: [
      'src/borg/**',
      'src/storage/**',
      'src/aws/**',
      'src/config/**',
      'src/core/**',
      'src/ops/**',
    ],
    ignores: ['src/core/deps.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'commander', message: 'Only src/cli may import commander.' },
            { name: 'chalk', message: 'Only src/cli may import chalk.' },
            { name: 'ora', message: 'Only src/cli may import ora.' },
          ],
          patterns: [{ group: ['**/cli/**'], message: 'Lower layers never import src/cli.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/bin and src/core/deps.ts touch process.' },
      ],
      'no-console': 'error',
    },
  },
);
