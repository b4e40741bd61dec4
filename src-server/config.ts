// Server settings from the environment, validated once at start.
import { join, resolve } from 'node:path';
import type { OutboundMailConfig } from './mail/outbound-sender.js';
import { SMS_PROVIDERS, type SmsConfig, type SmsProvider } from './sms/gateway.js';
import { z } from 'zod';
import type { DatabaseTarget } from './db/connect.js';
import { DEFAULT_SNAPSHOT_MAX_BYTES } from './sync/snapshots.js';
import { SupervisorEnv, supervisorSettingsFromEnv, type SupervisorSettings } from './supervisor/settings.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  KARTOTEKA_SERVER_DATA: z.string().default('.data/server'),
  KARTOTEKA_SNAPSHOT_DIR: z.string().min(1).optional(),
  KARTOTEKA_TOKEN_KEY_FILE: z.string().min(1).optional(),
  KARTOTEKA_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1_000),
  KARTOTEKA_TLS_CERT: z.string().min(1).optional(),
  KARTOTEKA_TLS_KEY: z.string().min(1).optional(),
  KARTOTEKA_SNAPSHOT_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_SNAPSHOT_MAX_BYTES),
  /** The reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated): the client's address for limits. */
  /** Email surveys after a closed case (docs/channels.md): the SMTP server, the sender, the server's public address for links. */
  KARTOTEKA_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp:// or smtps://').optional(),
  KARTOTEKA_SURVEY_FROM: z.string().min(3).optional(),
  /** Letters operators write from the card (docs/campaigns.md): sent through KARTOTEKA_SMTP_URL from this address. */
  KARTOTEKA_MAIL_FROM: z.string().min(3).optional(),
  KARTOTEKA_PUBLIC_URL: z.url().optional(),
  /** Text messages (greetings by SMS, docs/campaigns.md): the provider's contract, its address, and the credentials. */
  KARTOTEKA_SMS_PROVIDER: z.enum(SMS_PROVIDERS).default('generic'),
  KARTOTEKA_SMS_URL: z.url().optional(),
  KARTOTEKA_SMS_TOKEN: z.string().min(1).optional(),
  KARTOTEKA_SMS_LOGIN: z.string().min(1).optional(),
  KARTOTEKA_SMS_SENDER: z.string().min(1).max(11).optional(),
  KARTOTEKA_TRUST_PROXY: z.string().regex(/^[0-9a-fA-F.:/, ]*$/, 'addresses or CIDRs, comma-separated').default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).extend(SupervisorEnv.shape);

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseTarget;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  migrationsDir: string;
  supervisor: SupervisorSettings;
  /** Where uploaded store snapshots are kept (sync/snapshots.ts). */
  snapshotDir: string;
  snapshotMaxBytes: number;
  /** The token-signing key's file (default <KARTOTEKA_SERVER_DATA>/token-key); a fleet shares one. */
  tokenKeyFile: string;
  /** The data directory, kept private (0700). */
  dataDir: string;
  /** Load shedding: past this event-loop delay requests get 503 (0: off). */
  maxEventLoopDelayMs: number;
  /** TLS certificate and key files (PEM); both or neither. */
  tls: { certFile: string; keyFile: string } | null;
  /** Reverse proxies trusted for the client's address (X-Forwarded-For); empty: none. */
  trustProxy: string[];
  /** Email surveys after a closed case; null: not sent. */
  surveyMail: SurveyMailConfig | null;
  /** Letters operators write; null: they stay queued. */
  outboundMail: OutboundMailConfig | null;
}

export interface SurveyMailConfig {
  smtpUrl: string;
  from: string;
  /** The server's address as customers reach it (https://crm.example.ru): the survey's links. */
  publicUrl: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ServerConfig {
  const e = Env.parse(env);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(root, e.KARTOTEKA_SERVER_DATA, 'pgdata') },
    logLevel: e.LOG_LEVEL,
    migrationsDir: resolve(root, 'migrations/server'),
    supervisor: supervisorSettingsFromEnv(e),
    snapshotDir: resolve(root, e.KARTOTEKA_SNAPSHOT_DIR ?? join(e.KARTOTEKA_SERVER_DATA, 'snapshots')),
    snapshotMaxBytes: e.KARTOTEKA_SNAPSHOT_MAX_BYTES,
    tokenKeyFile: resolve(root, e.KARTOTEKA_TOKEN_KEY_FILE ?? join(e.KARTOTEKA_SERVER_DATA, 'token-key')),
    dataDir: resolve(root, e.KARTOTEKA_SERVER_DATA),
    maxEventLoopDelayMs: e.KARTOTEKA_MAX_EVENT_LOOP_DELAY_MS,
    tls: tlsFiles(e.KARTOTEKA_TLS_CERT, e.KARTOTEKA_TLS_KEY, root),
    trustProxy: e.KARTOTEKA_TRUST_PROXY.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    surveyMail: e.KARTOTEKA_SMTP_URL && e.KARTOTEKA_SURVEY_FROM && e.KARTOTEKA_PUBLIC_URL
      ? { smtpUrl: e.KARTOTEKA_SMTP_URL, from: e.KARTOTEKA_SURVEY_FROM, publicUrl: e.KARTOTEKA_PUBLIC_URL.replace(/\/$/, '') } : null,
    outboundMail: outboundConfig(e),
  };
}

/** The providers' own addresses, for a centre that names only the provider. */
const SMS_URLS: Partial<Record<SmsProvider, string>> = { smsru: 'https://sms.ru/sms/send', smsc: 'https://smsc.ru/sys/send.php' };

function outboundConfig(e: z.infer<typeof Env>): OutboundMailConfig | null {
  const mail = e.KARTOTEKA_SMTP_URL && e.KARTOTEKA_MAIL_FROM ? { smtpUrl: e.KARTOTEKA_SMTP_URL, from: e.KARTOTEKA_MAIL_FROM } : null;
  const url = e.KARTOTEKA_SMS_URL ?? SMS_URLS[e.KARTOTEKA_SMS_PROVIDER];
  const sms: SmsConfig | null = e.KARTOTEKA_SMS_TOKEN && url
    ? { provider: e.KARTOTEKA_SMS_PROVIDER, url, token: e.KARTOTEKA_SMS_TOKEN, login: e.KARTOTEKA_SMS_LOGIN, sender: e.KARTOTEKA_SMS_SENDER } : null;
  if (!mail && !sms) return null;
  return { ...mail, ...(sms ? { sms } : {}) };
}

function tlsFiles(cert: string | undefined, key: string | undefined, root: string): ServerConfig['tls'] {
  if (cert === undefined && key === undefined) return null;
  if (cert === undefined || key === undefined) throw new Error('KARTOTEKA_TLS_CERT and KARTOTEKA_TLS_KEY go together: set both or neither');
  return { certFile: resolve(root, cert), keyFile: resolve(root, key) };
}
