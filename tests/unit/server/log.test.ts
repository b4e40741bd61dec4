// The server's log never holds a token, a password or a failed query's parameters.
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-server/log.js';

function capture(): { logger: Logger; text: () => string } {
  let out = '';
  const stream = new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } });
  return { logger: createLogger('info', stream), text: () => out };
}

describe('the server log', () => {
  it('redacts tokens and passwords wherever they are logged', () => {
    const { logger, text } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer eyJ.secret.token' } }, body: { password: 'correct horse', refreshToken: 'r-123' } }, 'request');
    expect(text()).not.toContain('eyJ.secret.token');
    expect(text()).not.toContain('correct horse');
    expect(text()).not.toContain('r-123');
    expect(text()).toContain('[redacted]');
  });

  it('logs a failed query without the values it carried', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('invalid byte sequence'), { code: '22021', parameters: ['Иван Петров', '+79161234567'], query: 'INSERT …' });
    logger.error({ err: error }, 'request failed');
    expect(text()).toContain('invalid byte sequence');
    expect(text()).toContain('22021');
    expect(text()).not.toContain('Иван Петров');
    expect(text()).not.toContain('+79161234567');
  });
});
