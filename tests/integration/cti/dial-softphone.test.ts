// Calls from the card without a PBX link (issue 18): a softphone's command line run as a real
// process (no shell: a number cannot smuggle a command), and a softphone link handed to the
// operating system's handler (Electron's shell.openExternal; here the engine option it is given).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dialString, fillTemplate, splitCommand } from '../../../src-main/core/domains/cti/dialer.js';
import { openEngine, removeDir, tempDir, type TestEngine } from '../core/helpers.js';
import { ctiOf } from './helpers.js';

const dir = tempDir('kartoteka-dial-');
const opened: string[] = [];
const engines: TestEngine[] = [];
afterAll(async () => {
  for (const t of engines) {
    await ctiOf(t.engine).stop();
    t.engine.close();
  }
  removeDir(dir);
});

function engine(name: string, dial: Record<string, string>): TestEngine {
  const t = openEngine(join(dir, `${name}.sqlite`), {
    cti: { overrides: { dial } },
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  engines.push(t);
  return t;
}

describe('softphone dialling', () => {
  it('a command line: the program runs with the number as its argument, quotes kept, no shell', async () => {
    const script = join(dir, 'softphone.cjs');
    const out = join(dir, 'argv.json');
    writeFileSync(script, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));`);
    const t = engine('command', { via: 'command', template: `"${process.execPath}" "${script}" /dial {number} --plain={digits}` });
    expect(await t.call('calls.dial', { number: '+7 (916) 123-45-67' })).toEqual({ via: 'command', number: '+79161234567' });
    await expect.poll(() => existsSync(out), { timeout: 30_000 }).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(['/dial', '+79161234567', '--plain=79161234567']);
    // Shell syntax in a "number" never reaches a program: it is not a number.
    expect((await t.fail('calls.dial', { number: '123; rm -rf ~' })).code).toBe('validation');
    const missing = engine('missing', { via: 'command', template: `${join(dir, 'no-such-softphone')} {number}` });
    expect((await missing.fail('calls.dial', { number: '+79161234567' })).code).toBe('pbx_refused');
  });

  it('a link: tel:, sip: and callto: go to the operating system; web and file links are refused', async () => {
    expect(await engine('tel', { via: 'url', template: 'tel:{number}' }).call('calls.dial', { number: '8 916 123 45 67' })).toEqual({ via: 'url', number: '89161234567' });
    await engine('sip', { via: 'url', template: 'sip:{digits}@pbx.office' }).call('calls.dial', { number: '+79161234567' });
    expect(opened).toEqual(['tel:89161234567', 'sip:79161234567@pbx.office']);
    expect((await engine('web', { via: 'url', template: 'https://evil.example/{number}' }).fail('calls.dial', { number: '+79161234567' })).code).toBe('validation');
    expect((await engine('nonum', { via: 'url', template: 'tel:' }).fail('calls.dial', { number: '+79161234567' })).code).toBe('not_configured');
  });

  it('reads command lines and numbers as softphones and PBXs need them', () => {
    expect(splitCommand('"C:\\Program Files\\MicroSIP\\microsip.exe" {number}')).toEqual(['C:\\Program Files\\MicroSIP\\microsip.exe', '{number}']);
    expect(splitCommand('zoiper5 --call={number}')).toEqual(['zoiper5', '--call={number}']);
    expect(fillTemplate('PJSIP/{extension}', { number: '+7916', extension: '101' })).toBe('PJSIP/101');
    expect(dialString('*72#')).toBe('*72#');
    expect(() => dialString('+7 916 abc')).toThrow(/cannot be dialled|not a number/);
  });
});
