// The Asterisk Manager Interface wire format. After the one-line greeting ("Asterisk Call Manager/7.0.3"),
// every message is a block of "Key: Value" lines ended by an empty line, with CRLF line ends:
//
//   Action: Login\r\nActionID: 1\r\nUsername: kartoteka\r\nSecret: …\r\n\r\n      (client → Asterisk)
//   Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n  (Asterisk → client)
//   Event: Newstate\r\nPrivilege: call,all\r\nChannel: PJSIP/101-0000002a\r\n…\r\n\r\n
//
// TCP delivers these in arbitrary pieces (a block split mid-line, mid-CRLF or mid-UTF-8 character,
// several blocks in one packet), so the parser buffers until a block is complete.
import { StringDecoder } from 'node:string_decoder';

export type AmiMessage = Record<string, string>;

/** Guard against a peer that never sends a blank line: a block this large is not AMI. */
const MAX_BUFFER_CHARS = 1024 * 1024;

export class AmiParser {
  private decoder = new StringDecoder('utf8');
  private buffer = '';
  private greeted = false;

  constructor(
    private readonly onMessage: (message: AmiMessage) => void,
    private readonly onGreeting: (banner: string) => void = () => {},
  ) {}

  push(chunk: Buffer | string): void {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (!this.greeted) {
      const eol = this.buffer.indexOf('\n');
      if (eol < 0) return this.guard();
      const line = this.buffer.slice(0, eol).replace(/\r$/, '');
      // The banner is a single line with no blank line after it.
      if (/^Asterisk Call Manager/i.test(line)) {
        this.buffer = this.buffer.slice(eol + 1);
        this.greeted = true;
        this.onGreeting(line);
      } else {
        this.greeted = true;
      }
    }
    for (;;) {
      // Asterisk writes CRLF; tolerate bare LF (proxies, hand-written test peers).
      const m = /\r?\n\r?\n/.exec(this.buffer);
      if (!m) return this.guard();
      const block = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const message = parseBlock(block);
      if (message) this.onMessage(message);
    }
  }

  reset(): void {
    this.decoder = new StringDecoder('utf8');
    this.buffer = '';
    this.greeted = false;
  }

  private guard(): void {
    if (this.buffer.length > MAX_BUFFER_CHARS) throw new Error('AMI peer sent an over-long message without a blank line');
  }
}

/** "Key: Value" lines; a value may itself contain ": ". Lines without a colon are kept under their text. */
export function parseBlock(block: string): AmiMessage | null {
  const message: AmiMessage = {};
  let any = false;
  for (const raw of block.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      // Command output ("--END COMMAND--") and similar free text: keep it, do not fail on it.
      message.Output = message.Output === undefined ? line : `${message.Output}\n${line}`;
    } else {
      message[line.slice(0, colon).trim()] = line.slice(colon + 1).trimStart();
    }
    any = true;
  }
  return any ? message : null;
}

/** An action as AMI expects it; CR and LF are stripped from values so a value cannot inject a field. */
export function formatAction(action: string, fields: Record<string, string>): string {
  const lines = [`Action: ${clean(action)}`];
  for (const [k, v] of Object.entries(fields)) lines.push(`${clean(k)}: ${clean(v)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function clean(s: string): string {
  return s.replace(/[\r\n]/g, '');
}
