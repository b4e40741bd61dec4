// Crash tests run a real child process (TypeScript through tsx) that prints "ack <id>" after each
// write it has committed, and SIGKILL it at a chosen moment: what it acknowledged must survive.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../..');

export function spawnTsChild(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs `script` until it has acknowledged `killAfterAcks` writes, waits `delayMs`, then SIGKILLs it; resolves with the acknowledged ids. */
export function runUntilKilled(script: string, args: string[], killAfterAcks: number, delayMs: number): Promise<string[]> {
  return new Promise((resolveRun, reject) => {
    const child = spawnTsChild(script, args);
    const acked: string[] = [];
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (!killing && acked.length >= killAfterAcks) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolveRun(acked);
      else reject(new Error(`child ${script} exited by itself (${code}): ${stderr}`));
    });
  });
}
