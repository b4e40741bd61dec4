// A real IMAP server for the mailbox tests: Debian's Dovecot (package dovecot-imapd, which .ci/run
// installs), started by the test with a configuration of its own in a temporary folder, on a free
// port of 127.0.0.1, with plain-text log-in (loopback only), maildir mailboxes and users from a file.
// Messages are delivered the way a mail server's delivery agent would hand them over: appended over
// IMAP by a client of their own (imapflow).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';

export interface Dovecot {
  host: string;
  port: number;
  /** Appends messages (raw RFC 5322) to a user's folder, in order; returns their UIDs. */
  deliver(user: string, messages: (string | Buffer)[], folder?: string): Promise<number[]>;
  /**
   * Drops messages straight into a user's INBOX maildir, as a delivery agent does: for a large
   * mailbox (bench/mailbox.ts), where appending one by one over IMAP would be the slow part.
   */
  drop(user: string, messages: Iterable<string | Buffer>): Promise<number>;
  /** Deletes and recreates a folder: it gets a new UIDVALIDITY. */
  recreate(user: string, folder: string): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startDovecot(users: Record<string, string>): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is not installed (${DOVECOT}): apt-get install dovecot-imapd (.ci/run does)`);
  // Short: Dovecot's sockets live here, and a socket path has at most 107 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'dv-'));
  await chmod(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) await mkdir(path.join(dir, sub));
  await chmod(path.join(dir, 'mail'), 0o777);
  await writeFile(path.join(dir, 'users'), Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}\n`).join(''));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const me = userInfo().username;
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 1
default_login_user = ${root ? 'dovenull' : me}
default_internal_user = ${root ? 'dovecot' : me}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${root ? 'dovecot' : me} gid=${root ? 'dovecot' : userInfo().gid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
  await writeFile(path.join(dir, 'dovecot.conf'), conf);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const client = async (user: string) => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: users[user] ?? '' }, logger: false });
    await c.connect();
    return c;
  };
  // Ready when it answers a log-in (it starts in well under a second; the loop ends on an exit too).
  for (let attempt = 0; ; attempt++) {
    const first = Object.keys(users)[0];
    try {
      if (first === undefined) break;
      const c = await client(first);
      await c.logout();
      break;
    } catch (error) {
      if (child.exitCode !== null || attempt > 200) throw new Error(`Dovecot did not start: ${stderr || String(error)}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    host: '127.0.0.1',
    port,
    async deliver(user, messages, folder = 'INBOX') {
      const c = await client(user);
      try {
        const uids: number[] = [];
        for (const m of messages) {
          const r = await c.append(folder, m);
          if (r && typeof r === 'object' && r.uid) uids.push(r.uid);
        }
        return uids;
      } finally {
        await c.logout();
      }
    },
    async drop(user, messages) {
      const root = path.join(dir, 'mail', user);
      for (const sub of ['', 'tmp', 'new', 'cur']) {
        await mkdir(path.join(root, sub), { recursive: true });
        await chmod(path.join(root, sub), 0o777);
      }
      let n = 0;
      for (const m of messages) {
        const file = path.join(root, 'new', `${Date.now()}.M${n}P${process.pid}.kartoteka`);
        await writeFile(file, m, { mode: 0o666 });
        n++;
      }
      return n;
    },
    async recreate(user, folder) {
      const c = await client(user);
      try {
        await c.mailboxDelete(folder).catch(() => undefined);
        await c.mailboxCreate(folder);
      } finally {
        await c.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
