// The layering rules of /work/shared/DESIGN.md ("Processes and folders"), checked on every
// `npm run lint`. Each rule names the rule of DESIGN.md it enforces; tests/integration/lint proves
// each one fails on a forbidden import.
/** npm package 'electron' (resolved into node_modules, or unresolved when not installed). */
const ELECTRON = '(^|/)node_modules/electron/|^electron(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing',
      comment: 'src-shared is the contract of every process: it imports nothing from the other folders.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: '^(src-main|src-renderer|src-server|tests|bench|scripts)/' },
    },
    {
      name: 'shared-no-node-builtins',
      comment: 'src-shared runs in the renderer too: no Node-only imports.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-electron',
      comment: 'src-shared runs in every process, most of which are not Electron.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: ELECTRON },
    },
    {
      name: 'core-no-electron',
      comment: 'src-main/core is plain Node (it runs under the host and in tests): it never imports electron.',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: ELECTRON },
    },
    {
      name: 'core-no-transports',
      comment: 'The transports depend on core, never the reverse.',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: '^src-main/(electron|host)/' },
    },
    {
      name: 'host-no-electron',
      comment: 'The host serves the engine where Electron cannot run: it never imports electron or the shell.',
      severity: 'error',
      from: { path: '^src-main/host/' },
      to: { path: [ELECTRON, '^src-main/electron/'] },
    },
    {
      name: 'renderer-only-through-the-api',
      comment: 'The renderer reaches data only through the operator API: no src-main, no src-server.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|src-server)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer is sandboxed: no Node builtins.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-electron',
      comment: 'The preload is the renderer\'s only way to Electron.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: ELECTRON },
    },
    {
      name: 'server-not-desktop',
      comment: 'The central server shares only src-shared with the desktop.',
      severity: 'error',
      from: { path: '^src-server/' },
      to: { path: ['^src-main/', '^src-renderer/', ELECTRON] },
    },
    {
      name: 'no-circular',
      comment: 'Cycles hide the layering and make start-up order matter.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves nowhere is a typo or a missing dependency.',
      severity: 'error',
      from: { pathNot: '^(node_modules|tests/lint-fixtures)/' },
      to: { couldNotResolve: true, pathNot: ELECTRON },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|release|bench/results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Relative imports name the emitted .js file; dependency-cruiser maps them to the .ts/.tsx source.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
