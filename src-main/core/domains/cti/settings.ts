// CTI settings, kept in the replica's meta table (they belong to this desktop and its phone, not to
// the account, so they do not sync). The AMI secret, a PBX credential, goes to the operating system's
// keychain when the shell provides one (Electron: safeStorage), like the sync sign-in; it is never
// returned to the renderer.
import { randomBytes } from 'node:crypto';
import { CtiSettings, DEFAULT_DIAL, type CtiSettingsPatch, type CtiSettingsView } from '../../../../src-shared/index.js';
import type { DbHandle } from '../../db/db-handle.js';
import { MetaKey, readMeta, writeMeta } from '../../db/meta.js';
import type { SecretStore } from '../../sync/secret-store.js';

export const DEFAULT_WEBHOOK_PORT = 5175;

export function defaultCtiSettings(): CtiSettings {
  return {
    webhook: { enabled: false, port: DEFAULT_WEBHOOK_PORT, secret: null, listenOnLan: false, pbxId: '' },
    softphone: { handleTel: false, handleCallto: false },
    ami: { enabled: false, host: '127.0.0.1', port: 5038, username: '', secret: '', extension: '', endpoint: '', pbxId: '' },
    dial: { ...DEFAULT_DIAL },
  };
}

/** The settings, with the AMI secret from the keychain when there is one (moved there from meta once). */
export function getCtiSettings(db: DbHandle, secrets?: SecretStore): CtiSettings {
  const settings = readStoredSettings(db);
  if (!secrets) return settings;
  if (settings.ami.secret !== '') {
    // Kept in the store by an older version, or without a keychain: moved into it.
    secrets.set(settings.ami.secret);
    writeMeta(db.sqlite, MetaKey.ctiSettings, JSON.stringify({ ...settings, ami: { ...settings.ami, secret: '' } }));
  }
  return { ...settings, ami: { ...settings.ami, secret: secrets.get() ?? '' } };
}

function readStoredSettings(db: DbHandle): CtiSettings {
  const raw = readMeta(db.sqlite, MetaKey.ctiSettings);
  const defaults = defaultCtiSettings();
  if (!raw) return defaults;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return defaults;
  }
  // Section by section: a damaged AMI block must not switch the webhook off too.
  const obj = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const webhook = CtiSettings.shape.webhook.safeParse(obj.webhook);
  const softphone = CtiSettings.shape.softphone.safeParse(obj.softphone);
  const ami = CtiSettings.shape.ami.safeParse(obj.ami);
  const dial = CtiSettings.shape.dial.safeParse(obj.dial);
  return {
    webhook: webhook.success ? webhook.data : defaults.webhook,
    softphone: softphone.success ? softphone.data : defaults.softphone,
    ami: ami.success ? ami.data : defaults.ami,
    dial: dial.success ? dial.data : defaults.dial,
  };
}

export function updateCtiSettings(db: DbHandle, patch: CtiSettingsPatch, secrets?: SecretStore): CtiSettings {
  const current = getCtiSettings(db, secrets);
  const next: CtiSettings = {
    webhook: { ...current.webhook, ...definedOnly(patch.webhook) },
    softphone: { ...current.softphone, ...definedOnly(patch.softphone) },
    ami: { ...current.ami, ...definedOnly(patch.ami) },
    dial: { ...current.dial, ...definedOnly(patch.dial) },
  };
  // Turning the webhook on without a secret would leave it open to any local process: make one.
  if (next.webhook.enabled && next.webhook.secret === null) next.webhook.secret = randomBytes(24).toString('base64url');
  const valid = CtiSettings.parse(next);
  if (secrets) {
    if (valid.ami.secret === '') secrets.clear();
    else secrets.set(valid.ami.secret);
  }
  writeMeta(db.sqlite, MetaKey.ctiSettings, JSON.stringify(secrets ? { ...valid, ami: { ...valid.ami, secret: '' } } : valid));
  return next;
}

export function toView(s: CtiSettings): CtiSettingsView {
  const { secret: amiSecret, ...ami } = s.ami;
  return { webhook: { ...s.webhook }, softphone: { ...s.softphone }, dial: { ...s.dial }, ami: { ...ami, secretSet: amiSecret !== '' } };
}

function definedOnly<T extends object>(patch: T | undefined): Partial<T> {
  if (!patch) return {};
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
