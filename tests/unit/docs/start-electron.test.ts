// npm start where Electron's binary is missing explains itself and points to start:browser.
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../../scripts/start-electron.js';

describe('npm start', () => {
  it('says what to do when Electron\'s binary is missing, instead of a stack trace', () => {
    const missing = electronBinary(() => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
    });
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('npm run start:browser') });
    expect(electronBinary(() => '/nowhere/electron')).toMatchObject({ ok: false });
    expect(electronBinary(() => process.execPath)).toEqual({ ok: true, path: process.execPath });
  });
});
