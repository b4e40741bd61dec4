// Calls placed from the card (issue 18), through the way the telephony settings name: the PBX's
// Originate over the AMI link (it rings the operator's phone, then dials the number), a softphone's
// link (tel:, sip:, callto: — opened by the operating system), or a softphone's command line
// (MicroSIP, Zoiper, 3CX: run directly, never through a shell). And the transfer of the call on
// screen to the customer's manager through AMI: Redirect (blind) or Atxfer (attended).
import { spawn } from 'node:child_process';
import { ApiError, type DialResult, type DialSettings, type TransferResult } from '../../../../src-shared/index.js';
import { AmiActionError, type AmiSource } from './ami-source.js';

export interface DialerDeps {
  dial: () => DialSettings;
  ami: () => AmiSource | null;
  /** The operator's extension, as the AMI link follows it. */
  extension: () => string;
  /** The operating system's handler of a link (Electron: shell.openExternal); absent: links cannot be opened. */
  openExternal?: ((url: string) => Promise<void>) | undefined;
  /** Starts a program with its arguments (default: spawn, detached, no shell). */
  run?: (file: string, args: string[]) => Promise<void>;
}

/** What a dial string may hold: digits, a leading +, * and # (a PBX feature code). */
export function dialString(number: string): string {
  const cleaned = number.replace(/[\s()\-.]/g, '');
  if (!/^\+?[0-9*#]{2,32}$/.test(cleaned)) throw new ApiError('validation', `not a number that can be dialled: ${number}`);
  return cleaned;
}

/** A template's fields: {number} as given (E.164 keeps its +), {digits} without the +, {extension}. */
export function fillTemplate(template: string, fields: { number: string; extension: string }): string {
  return template.replaceAll('{number}', fields.number).replaceAll('{digits}', fields.number.replace(/^\+/, '')).replaceAll('{extension}', fields.extension);
}

/** A command line as a program and its arguments: "double quotes" keep spaces (Windows paths). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

function spawnDetached(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { detached: true, stdio: 'ignore', shell: false, windowsHide: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

function amiFailed(error: unknown): never {
  if (error instanceof AmiActionError) throw new ApiError('pbx_refused', `the PBX refused: ${error.message}`, { pbxMessage: error.message });
  throw error;
}

export async function dial(deps: DialerDeps, raw: string): Promise<DialResult> {
  const settings = deps.dial();
  const number = dialString(raw);
  const fields = { number, extension: deps.extension() };
  switch (settings.via) {
    case 'off':
      throw new ApiError('not_configured', 'calls from the card are off in the telephony settings');
    case 'ami': {
      const ami = deps.ami();
      if (!ami || fields.extension === '') throw new ApiError('not_configured', 'calls through the PBX need the AMI link and the operator\'s extension (telephony settings)');
      // The PBX rings the operator's phone first; when it is picked up, it dials the number in the
      // context where the phone's own calls are dialled. Async: the answer comes at once, the call follows.
      await ami.action('Originate', {
        Channel: fillTemplate(settings.amiChannel, fields), Context: settings.amiContext, Exten: number.replace(/^\+/, ''), Priority: '1',
        CallerID: `"${number}" <${number}>`, Async: 'true', Variable: `KARTOTEKA_DIAL=${number}`,
      }).catch(amiFailed);
      return { via: 'ami', number };
    }
    case 'url': {
      if (!settings.template.includes('{number}') && !settings.template.includes('{digits}')) throw new ApiError('not_configured', 'the softphone link has no {number} in it');
      if (!deps.openExternal) throw new ApiError('not_configured', 'this desktop cannot open softphone links');
      const url = fillTemplate(settings.template, fields);
      if (!/^(tel|sip|sips|callto|[a-z][a-z0-9+.-]{1,30}):/i.test(url) || /^(https?|file|javascript|data):/i.test(url)) throw new ApiError('validation', `not a softphone link: ${url}`);
      await deps.openExternal(url);
      return { via: 'url', number };
    }
    case 'command': {
      const [file, ...args] = splitCommand(settings.template).map((part) => fillTemplate(part, fields));
      if (!file || !settings.template.match(/\{(number|digits)\}/)) throw new ApiError('not_configured', 'the softphone command has no {number} in it');
      await (deps.run ?? spawnDetached)(file, args).catch((error: unknown) => {
        const said = error instanceof Error ? error.message : String(error);
        throw new ApiError('pbx_refused', `the softphone did not start: ${said}`, { pbxMessage: said });
      });
      return { via: 'command', number };
    }
  }
}

/**
 * The call on screen to the manager's extension. Blind: Redirect moves the customer's channel to the
 * extension and this phone is free. Attended: Atxfer from this phone dials the manager; the operator
 * speaks to them, then hangs up to complete the transfer (or the manager declines and the customer
 * comes back).
 */
export async function transfer(deps: DialerDeps, callId: string, to: { extension: string; name: string }, mode: 'blind' | 'attended'): Promise<TransferResult> {
  const settings = deps.dial();
  const ami = deps.ami();
  if (!ami) throw new ApiError('not_configured', 'a transfer through the PBX needs the AMI link (telephony settings)');
  const channels = ami.channelsOf(callId);
  if (!channels) throw new ApiError('not_found', 'the PBX link does not follow this call');
  const extension = dialString(to.extension);
  if (mode === 'blind') {
    if (!channels.peer) throw new ApiError('not_found', 'the other party of this call is not known to the PBX link');
    await ami.action('Redirect', { Channel: channels.peer, Context: settings.amiContext, Exten: extension, Priority: '1' }).catch(amiFailed);
  } else {
    await ami.action('Atxfer', { Channel: channels.own, Context: settings.amiContext, Exten: extension }).catch(amiFailed);
  }
  return { mode, extension, toName: to.name };
}
