// The server's files at rest are its owner's alone: its data directory (the embedded database, with
// password hashes and the sync's rows) and the token-signing key. Any other local user who could read
// them could forge an admin's token, so the server refuses to start on ones others may read.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export class InsecureFileError extends Error {
  constructor(readonly path: string, mode: number, fix: string) {
    super(`${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); ${fix}`);
    this.name = 'InsecureFileError';
  }
}

/** Makes `dir` (0700) if it is missing; refuses one that group or others may enter. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const s = await stat(dir);
  if (process.platform !== 'win32' && (s.mode & 0o077) !== 0) throw new InsecureFileError(dir, s.mode, `run: chmod 700 ${dir}`);
}

/**
 * The token-signing key from its file (32 random bytes, base64), made on the first start. `legacy`:
 * a key an older version kept in the database, moved into the file so that tokens stay valid.
 */
export async function loadSigningKey(file: string, legacy: () => Promise<string | null>): Promise<Uint8Array> {
  let text: string | null = null;
  try {
    const s = await stat(file);
    if (process.platform !== 'win32' && (s.mode & 0o077) !== 0) throw new InsecureFileError(file, s.mode, `run: chmod 600 ${file}`);
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === null) {
    await ensurePrivateDir(dirname(file));
    text = (await legacy()) ?? randomBytes(32).toString('base64');
    // 'wx': two servers starting together on one key file must not both write one.
    try {
      await writeFile(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      text = (await readFile(file, 'utf8')).trim();
    }
    await chmod(file, 0o600);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length < 32) throw new Error(`${file} does not hold a key of 32 bytes or more (base64)`);
  return key;
}
