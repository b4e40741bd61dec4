// A scripted Asterisk Manager Interface peer on a real TCP socket: it greets like Asterisk, checks
// the Login action, answers Success or Error as Asterisk does, then replays a recorded transcript in
// random-sized pieces. Tests can drop every connection to simulate a PBX restart or a cut link.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { AmiParser, type AmiMessage } from '../../../src-main/core/domains/cti/ami-protocol.js';
import { pieces } from '../../unit/cti/transcripts.js';

export interface AmiPeer {
  port: number;
  /** Logins received (accepted or not). */
  logins: AmiMessage[];
  /** Sends data to every logged-in session, cut into pieces. */
  replay(data: Buffer, seed?: number): Promise<void>;
  /** Destroys every open connection (the link drops). */
  dropAll(): void;
  /** The live channels CoreShowChannels lists, as Asterisk does: one event each, then the complete event. */
  channels: Array<Record<string, string>>;
  /** CoreShowChannels actions received. */
  channelQueries: number;
  sessions(): number;
  close(): Promise<void>;
  /** Other actions received (Originate, Redirect, Atxfer, …), in order. */
  actions: AmiMessage[];
  /**
   * How the PBX answers those actions: Success or Error with its message, then the events a real
   * Asterisk sends as the action takes effect (AMI text, replayed in pieces). Default: Success.
   */
  onAction?: (m: AmiMessage) => { response: 'Success' | 'Error'; message: string; then?: string };
}

export async function startAmiPeer(options: { username: string; secret: string; /** A flaky PBX: accepts each login, then drops the link. */ dropAfterLogin?: boolean }): Promise<AmiPeer> {
  const logins: AmiMessage[] = [];
  const live = new Set<net.Socket>();
  const loggedIn = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    live.add(socket);
    socket.on('close', () => {
      live.delete(socket);
      loggedIn.delete(socket);
    });
    socket.on('error', () => {});
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    const parser = new AmiParser((m) => {
      if (m.Action === 'Login') {
        logins.push(m);
        if (m.Username === options.username && m.Secret === options.secret) {
          socket.write(`Response: Success\r\nActionID: ${m.ActionID ?? ''}\r\nMessage: Authentication accepted\r\n\r\n`);
          socket.write('Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 3617\r\nLastReload: 3617\r\nStatus: Fully Booted\r\n\r\n');
          loggedIn.add(socket);
          if (options.dropAfterLogin) setImmediate(() => socket.destroy());
        } else {
          // What Asterisk does: an Error response, then it closes the session.
          socket.end(`Response: Error\r\nActionID: ${m.ActionID ?? ''}\r\nMessage: Authentication failed\r\n\r\n`);
        }
      } else if (m.Action === 'CoreShowChannels') {
        peer.channelQueries++;
        const id = m.ActionID ?? '';
        let out = `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n`;
        for (const c of peer.channels) out += `Event: CoreShowChannel\r\nActionID: ${id}\r\n${Object.entries(c).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
        out += `Event: CoreShowChannelsComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: ${peer.channels.length}\r\n\r\n`;
        socket.write(out);
      } else if (m.Action === 'Ping') {
        socket.write(`Response: Success\r\nActionID: ${m.ActionID ?? ''}\r\nPing: Pong\r\nTimestamp: 1718000000.000000\r\n\r\n`);
      } else if (m.Action !== undefined) {
        peer.actions.push(m);
        const answer = peer.onAction?.(m) ?? { response: 'Success', message: `${m.Action} accepted` };
        socket.write(`Response: ${answer.response}\r\nActionID: ${m.ActionID ?? ''}\r\nMessage: ${answer.message}\r\n\r\n`);
        if (answer.then) void peer.replay(Buffer.from(answer.then.replace(/\r?\n/g, '\r\n')));
      }
    });
    socket.on('data', (chunk) => parser.push(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const peer: AmiPeer = {
    port: (server.address() as AddressInfo).port,
    logins,
    channels: [],
    channelQueries: 0,
    actions: [],
    async replay(data, seed = 7) {
      for (const socket of loggedIn) {
        for (const piece of pieces(data, seed)) {
          socket.write(piece);
          // Let some pieces arrive as separate TCP reads.
          if (piece.length % 5 === 0) await new Promise((r) => setImmediate(r));
        }
      }
    },
    dropAll() {
      for (const s of live) s.destroy();
    },
    sessions: () => loggedIn.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => resolve());
      }),
  };
  return peer;
}
