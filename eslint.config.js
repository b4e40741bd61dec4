// Flat ESLint config. Syntax-level typescript-eslint rules only: type-aware linting would re-run the
// type checker that `npm run typecheck` already runs, and double the time of `npm run lint`.
// Layering (who may import whom) is not here: dependency-cruiser checks it (.dependency-cruiser.cjs).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench/results/**', 'test-results/**', 'coverage/**', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `_name` marks a parameter that a callback signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-main/**', 'src-node/**', 'src-server/**', 'scripts/**', 'bench/**', 'tests/**', '*.config.{js,ts,cjs}', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-renderer/**', 'tests/component/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Scripts the server serves to other sites' pages (the chat widget): plain browser script.
    files: ['src-server/**/*.browser.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'tests/component/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'tests/component/**/*.{ts,tsx}'],
    rules: {
      // These two guard code for the React Compiler, which this project does not run. Kept visible as
      // warnings: the "latest value in a ref" and "sync a prop into state" patterns are legal React.
      'react-hooks/refs': 'warn',
      'react-hooks/set-state-in-effect': 'warn',
    },
  },
  {
    // CommonJS config files (dependency-cruiser's) use require/module.exports by necessity.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
