// `npm run lint:layers` is only worth something if it fails: build a small tree with one forbidden
// import per layering rule (between the processes and inside each), run depcruise with the project's real config on it, and check that each
// rule reports its violation — and that the same tree without them passes.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** Files every tree has: a legal import along each permitted edge. */
const CLEAN: Record<string, string> = {
  'src-shared/index.ts': "import { z } from 'zod';\nexport const Id = z.string();\n",
  'src-main/core/engine.ts': "import path from 'node:path';\nimport { Id } from '../../src-shared/index.js';\nexport const engine = { Id, sep: path.sep };\n",
  'src-main/host/host.ts': "import http from 'node:http';\nimport { engine } from '../core/engine.js';\nexport const host = { engine, http };\n",
  'src-main/electron/main.ts': "import { app } from 'electron';\nimport { engine } from '../core/engine.js';\nexport const main = { app, engine };\n",
  'src-renderer/app.ts': "import { Id } from '../src-shared/index.js';\nexport const app = Id;\n",
  // Node code both the engine and the server run (reading mail): on src-shared and packages only.
  'src-node/mail/read.ts': "import { createHash } from 'node:crypto';\nimport { Id } from '../../src-shared/index.js';\nexport const read = { Id, createHash };\n",
  'src-main/core/domains/tasks/mail.ts': "import { read } from '../../../../src-node/mail/read.js';\nexport const mail = read;\n",
  'src-server/mail/intake.ts': "import { read } from '../../src-node/mail/read.js';\nexport const intake = read;\n",
  // Inside the engine: db <- store <- domains <- engine, sync on the store, the public surface on top.
  'src-main/core/db/meta.ts': "export const meta = 1;\n",
  'src-main/core/store/write-path.ts': "import { meta } from '../db/meta.js';\nexport const write = meta;\n",
  'src-main/core/sync/push.ts': "import { write } from '../store/write-path.js';\nexport const push = write;\n",
  'src-main/core/domains/tasks/handlers.ts': "import { write } from '../../store/write-path.js';\nimport { push } from '../../sync/push.js';\nexport const tasks = { write, push };\n",
  'src-main/core/wiring.ts': "import { tasks } from './domains/tasks/handlers.js';\nexport const wiring = tasks;\n",
  'src-main/core/index.ts': "export { engine } from './engine.js';\nexport { wiring } from './wiring.js';\n",
  // Both transports share src-main/serving.
  'src-main/serving/static-files.ts': "export const csp = 'default-src self';\n",
  'src-main/electron/protocol.ts': "import { csp } from '../serving/static-files.js';\nexport const protocol = csp;\n",
  'src-main/host/files.ts': "import { csp } from '../serving/static-files.js';\nexport const files = csp;\n",
  // The server: business modules throw domain errors, http/ maps them.
  'src-server/domain-error.ts': "export class DomainError extends Error {}\n",
  'src-server/sync/push.ts': "import { DomainError } from '../domain-error.js';\nexport const push = DomainError;\n",
  'src-server/http/app.ts': "import { push } from '../sync/push.js';\nexport const app = push;\n",
  // The renderer: features share through the kit, and may show each other's components.
  'src-renderer/hooks/useNow.ts': "export const useNow = () => 0;\n",
  'src-renderer/features/tasks/TaskList.tsx': "import { useNow } from '../../hooks/useNow.js';\nexport const TaskList = useNow;\n",
  'src-renderer/features/tasks/due.ts': "export const due = 1;\n",
  'src-renderer/features/card/Card.tsx': "import { TaskList } from '../tasks/TaskList.js';\nexport const Card = TaskList;\n",
  // bench/ and scripts/ through the public surface.
  'bench/card.ts': "import { engine } from '../src-main/core/index.js';\nexport const bench = engine;\n",
  'scripts/demo.ts': "import { engine } from '../src-main/core/index.js';\nexport const demo = engine;\n",
};

/** One forbidden import per rule: [rule expected on this file (null: reported once, on its partner), file, content]. */
const FORBIDDEN: Array<[string | null, string, string]> = [
  ['shared-imports-nothing', 'src-shared/bad-up.ts', "import { engine } from '../src-main/core/engine.js';\nexport const x = engine;\n"],
  ['shared-no-node-builtins', 'src-shared/bad-fs.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ['shared-no-electron', 'src-shared/bad-electron.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
  ['node-shared-imports-only-shared', 'src-node/bad-server.ts', "import { intake } from '../src-server/mail/intake.js';\nexport const x = intake;\n"],
  ['renderer-no-node-shared', 'src-renderer/bad-mail.ts', "import { read } from '../src-node/mail/read.js';\nexport const x = read;\n"],
  ['core-no-electron', 'src-main/core/bad-electron.ts', "import { app } from 'electron';\nexport const x = app;\n"],
  ['core-no-transports', 'src-main/core/bad-host.ts', "import { host } from '../host/host.js';\nexport const x = host;\n"],
  ['host-no-electron', 'src-main/host/bad-electron.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;\n"],
  ['renderer-only-through-the-api', 'src-renderer/bad-core.ts', "import { engine } from '../src-main/core/engine.js';\nexport const x = engine;\n"],
  ['renderer-no-node', 'src-renderer/bad-node.ts', "import path from 'node:path';\nexport const x = path;\n"],
  ['renderer-no-electron', 'src-renderer/bad-electron.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
  ['electron-no-host', 'src-main/electron/bad-host.ts', "import { files } from '../host/files.js';\nexport const x = files;\n"],
  ['serving-no-transport', 'src-main/serving/bad-host.ts', "import { files } from '../host/files.js';\nexport const x = files;\n"],
  ['core-db-is-the-bottom', 'src-main/core/db/bad-store.ts', "import { write } from '../store/write-path.js';\nexport const x = write;\n"],
  ['core-store-only-on-db', 'src-main/core/store/bad-sync.ts', "import { push } from '../sync/push.js';\nexport const x = push;\n"],
  ['core-sync-not-domains-or-engine', 'src-main/core/sync/bad-domain.ts', "import { tasks } from '../domains/tasks/handlers.js';\nexport const x = tasks;\n"],
  ['core-domains-not-engine', 'src-main/core/domains/bad-engine.ts', "import { engine } from '../engine.js';\nexport const x = engine;\n"],
  ['core-wiring-above-everything', 'src-main/core/bad-surface.ts', "import { wiring } from './index.js';\nexport const x = wiring;\n"],
  ['server-business-not-http', 'src-server/sync/bad-http.ts', "import { app } from '../http/app.js';\nexport const x = app;\n"],
  ['renderer-kit-not-features', 'src-renderer/hooks/bad-feature.ts', "import { TaskList } from '../features/tasks/TaskList.js';\nexport const x = TaskList;\n"],
  ['renderer-features-share-through-the-kit', 'src-renderer/features/card/bad-helper.ts', "import { due } from '../tasks/due.js';\nexport const x = due;\n"],
  ['bench-and-scripts-use-the-public-surface', 'bench/bad-internal.ts', "import { write } from '../src-main/core/store/write-path.js';\nexport const x = write;\n"],
  ['bench-and-scripts-use-the-public-surface', 'scripts/bad-server.ts', "import { push } from '../src-server/sync/push.js';\nexport const x = push;\n"],
  ['no-circular', 'src-main/core/cycle-a.ts', "import { b } from './cycle-b.js';\nexport const a = () => b;\n"],
  [null, 'src-main/core/cycle-b.ts', "import { a } from './cycle-a.js';\nexport const b = () => a;\n"],
];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kartoteka-layers-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function makeTree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  await cp(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  await cp(path.join(ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  // Stand-in packages as real files inside the tree: a symlink to the repository's node_modules would
  // resolve to paths outside it, and hide a rule (or an `exclude`) that only works on node_modules/.
  for (const pkg of ['electron', 'zod']) {
    const pkgDir = path.join(dir, 'node_modules', pkg);
    await mkdir(pkgDir, { recursive: true });
    await writeFile(path.join(pkgDir, 'package.json'), JSON.stringify({ name: pkg, version: '0.0.0', main: 'index.js' }));
    await writeFile(path.join(pkgDir, 'index.js'), 'module.exports = {};\n');
  }
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'fixture', dependencies: { zod: '0.0.0' }, devDependencies: { electron: '0.0.0' } }),
  );
  return dir;
}

/** Runs depcruise exactly as `npm run lint:layers` does, and reads the violations from its report. */
function depcruise(cwd: string): Promise<{ code: number; violations: Violation[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [DEPCRUISE, '--config', '.dependency-cruiser.cjs', 'src-shared', 'src-node', 'src-main', 'src-renderer', 'src-server', 'bench', 'scripts'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        // The default 'err' reporter prints one line per violation: `error <rule>: <from> → <to>`.
        const violations = [...stdout.matchAll(/^\s*(?:error|warn)\s+(\S+):\s+(\S+)\s+→\s+(.+)$/gmu)].map((m) => ({
          rule: m[1] ?? '',
          from: m[2] ?? '',
          to: (m[3] ?? '').trim(),
        }));
        resolve({ code, violations });
      },
    );
  });
}

describe('layering check', () => {
  it('passes a tree that keeps every rule', async () => {
    const result = await depcruise(await makeTree('clean', CLEAN));
    expect(result.violations).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('reports each forbidden import under its rule, and fails', async () => {
    const files = { ...CLEAN, ...Object.fromEntries(FORBIDDEN.map(([, file, content]) => [file, content])) };
    const result = await depcruise(await makeTree('forbidden', files));
    expect(result.code).not.toBe(0);
    const reported = new Set(result.violations.map((v) => `${v.rule} ${v.from}`));
    for (const [rule, file] of FORBIDDEN) if (rule !== null) expect(reported, `${rule} on ${file}`).toContain(`${rule} ${file}`);
    // Nothing in the clean part is blamed: the rules are narrow, not just noisy.
    for (const v of result.violations) expect(Object.keys(CLEAN)).not.toContain(v.from);
  });
});
