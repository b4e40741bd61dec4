// CTI settings from the environment, for the host CLI (development, end-to-end tests) and for a
// desktop deployed by an administrator who scripts the configuration. They override what is stored
// and are not saved. Invalid values are reported, not silently ignored.
import type { CtiSettingsPatch } from '../../../../src-shared/index.js';

/**
 *   KARTOTEKA_WEBHOOK_PORT    port of the PBX webhook (0 picks a free one); turns the webhook on
 *   KARTOTEKA_WEBHOOK_SECRET  its shared secret (required with the port, ≥ 16 characters)
 *   KARTOTEKA_AMI             host:port of the Asterisk Manager Interface; turns AMI on
 *   KARTOTEKA_AMI_USER, KARTOTEKA_AMI_SECRET, KARTOTEKA_AMI_EXTENSION
 *   KARTOTEKA_HANDLE_TEL=1, KARTOTEKA_HANDLE_CALLTO=1
 */
export function ctiOverridesFromEnv(env: NodeJS.ProcessEnv): { overrides: CtiSettingsPatch; errors: string[] } {
  const overrides: CtiSettingsPatch = {};
  const errors: string[] = [];
  const port = env.KARTOTEKA_WEBHOOK_PORT;
  if (port !== undefined && port !== '') {
    const n = Number(port);
    const secret = env.KARTOTEKA_WEBHOOK_SECRET ?? '';
    if (!Number.isInteger(n) || n < 0 || n > 65535) errors.push(`KARTOTEKA_WEBHOOK_PORT must be a port number, got ${JSON.stringify(port)}`);
    else if (secret.length < 16) errors.push('KARTOTEKA_WEBHOOK_SECRET must be at least 16 characters');
    else overrides.webhook = { enabled: true, port: n, secret };
  }
  const ami = env.KARTOTEKA_AMI;
  if (ami !== undefined && ami !== '') {
    const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(ami);
    if (!m?.[1]) errors.push(`KARTOTEKA_AMI must be host or host:port, got ${JSON.stringify(ami)}`);
    else {
      overrides.ami = {
        enabled: true,
        host: m[1],
        port: m[2] ? Number(m[2]) : 5038,
        username: env.KARTOTEKA_AMI_USER ?? '',
        secret: env.KARTOTEKA_AMI_SECRET ?? '',
        ...(env.KARTOTEKA_AMI_EXTENSION ? { extension: env.KARTOTEKA_AMI_EXTENSION } : {}),
      };
    }
  }
  if (env.KARTOTEKA_HANDLE_TEL === '1' || env.KARTOTEKA_HANDLE_CALLTO === '1') {
    overrides.softphone = { ...(env.KARTOTEKA_HANDLE_TEL === '1' ? { handleTel: true } : {}), ...(env.KARTOTEKA_HANDLE_CALLTO === '1' ? { handleCallto: true } : {}) };
  }
  return { overrides, errors };
}
