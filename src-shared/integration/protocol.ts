// The integration API for the company's other systems (issue 26, docs/api.md), version 1: what a
// billing, an ERP, a website or a warehouse sends and reads at /api/v1, and the admin's tokens for
// them. These schemas are the API's single source: the server checks every request against them,
// and the OpenAPI document is generated from them (src-server/integration/openapi.ts).
import { z } from 'zod';
import { CaseStatus, CustomerKind, Direction, EpochMs, Id, Mood, Reason, TaskKind } from '../domain.js';
import { cleanString } from '../text.js';

/** What a token may do. */
export const API_SCOPES = ['customers:write', 'interactions:write', 'tasks:write', 'cases:write', 'export:read'] as const;
export const ApiScope = z.enum(API_SCOPES);
export type ApiScope = z.infer<typeof ApiScope>;

/** The other system's own id of a row: letters, digits and . _ : / - (as billing ids look). */
export const ExternalId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and . _ : / -');
/** The other system's name, set on its token: external ids are unique per system. */
export const SystemName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

export const CreateApiTokenRequest = z.strictObject({
  name: cleanString(120).min(1),
  system: SystemName,
  scopes: z.array(ApiScope).min(1).max(API_SCOPES.length),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiTokenView = z.object({
  id: Id, name: z.string(), system: z.string(), scopes: z.array(ApiScope), createdAt: EpochMs, lastUsedAt: EpochMs.nullable(), revokedAt: EpochMs.nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;
/** The token itself is shown once, at its creation. */
export const CreatedApiToken = ApiTokenView.extend({ token: z.string() });

const Phone = z.string().min(3).max(40);
const Email = z.string().min(3).max(320);

/** A customer as another system knows it; contacts are added, never removed (operators may have more). */
export const CustomerUpsert = z.strictObject({
  name: cleanString(300).min(1),
  kind: CustomerKind.default('person'),
  organisation: cleanString(300).nullable().optional(),
  segment: cleanString(100).nullable().optional(),
  accountNo: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}\-/ .]+$/u, 'an account number').nullable().optional(),
  phones: z.array(Phone).max(20).default([]),
  emails: z.array(Email).max(20).default([]),
});
export type CustomerUpsert = z.infer<typeof CustomerUpsert>;

/** The customer a row belongs to: by our id, or by the system's external id of a customer it sent. */
export const CustomerRef = z.union([z.strictObject({ id: Id }), z.strictObject({ externalId: ExternalId })]);
export type CustomerRef = z.infer<typeof CustomerRef>;

/** A contact the other system recorded (an order placed by phone, a letter it sent): entries are never changed once written. */
export const InteractionUpsert = z.strictObject({
  customer: CustomerRef,
  channel: z.enum(['call', 'email', 'fax', 'web', 'chat', 'messenger']),
  direction: Direction,
  occurredAt: EpochMs,
  durationS: z.number().int().min(0).max(7 * 24 * 3600).nullable().optional(),
  reason: Reason,
  mood: Mood.nullable().optional(),
  notes: cleanString(10_000).default(''),
  subject: cleanString(500).nullable().optional(),
});
export type InteractionUpsert = z.infer<typeof InteractionUpsert>;

export const TaskUpsert = z.strictObject({
  customer: CustomerRef,
  kind: TaskKind.default('other'),
  title: cleanString(1_000).min(1),
  dueAt: EpochMs,
  status: z.enum(['open', 'done', 'cancelled']).default('open'),
  priority: z.enum(['low', 'normal', 'high']).default('normal'),
});
export type TaskUpsert = z.infer<typeof TaskUpsert>;

/** A case (a problem followed to its end) another system opened: a complaint in the shop, a warranty claim. */
export const CaseUpsert = z.strictObject({
  customer: CustomerRef,
  category: Reason,
  subject: cleanString(500).min(1),
  status: CaseStatus.default('open'),
  openedAt: EpochMs,
  resolution: cleanString(2_000).nullable().optional(),
  priority: z.enum(['low', 'normal', 'high']).default('normal'),
});
export type CaseUpsert = z.infer<typeof CaseUpsert>;

export const UpsertResult = z.object({
  id: Id,
  externalId: ExternalId,
  /** created: a new row; updated: changed; unchanged: the same as sent before. */
  outcome: z.enum(['created', 'updated', 'unchanged']),
});
export type UpsertResult = z.infer<typeof UpsertResult>;

/** One line of a bulk import: the customer's external id and its fields (CSV columns of the same names). */
export const ImportLine = CustomerUpsert.extend({ externalId: ExternalId });
export const IMPORT_MAX_LINES = 10_000;

export const ImportReport = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** The lines refused, each alone: the line number (the CSV's header is line 1; a JSON array's first item is 1), the field, why. */
  errors: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ChangesQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
});

/** A page of the change log, as desktops sync it: each row's newest state, in commit order. */
export const ChangesPage = z.object({
  changes: z.array(z.object({ seq: z.number().int(), entity: z.string(), row: z.record(z.string(), z.unknown()).nullable() }).passthrough()),
  /** Pass as `after` for the next page. */
  cursor: z.number().int(),
  headSeq: z.number().int(),
  hasMore: z.boolean(),
});

export const ApiErrorBody = z.object({ error: z.string(), message: z.string(), details: z.unknown().optional() });

/** The entities a webhook may follow (the synced rows, and the erasure of a customer). */
export const WEBHOOK_ENTITIES = ['customer', 'contact_point', 'case', 'interaction', 'task', 'rating', 'erasure'] as const;

export const CreateWebhookRequest = z.strictObject({
  name: cleanString(120).min(1),
  url: z.url({ protocol: /^https?$/ }).max(1_000),
  /** The key the receiver checks X-Kartoteka-Signature with: HMAC-SHA256 over "<timestamp>.<body>". */
  secret: z.string().min(16).max(200).regex(/^[\x21-\x7e]+$/, 'printable, no spaces'),
  entities: z.array(z.enum(WEBHOOK_ENTITIES)).min(1).max(WEBHOOK_ENTITIES.length),
  /** Start from now (true, the default) or from the start of the change log. */
  fromNow: z.boolean().default(true),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

export const WebhookView = z.object({ id: Id, name: z.string(), url: z.string(), entities: z.array(z.string()), enabled: z.boolean(), cursor: z.number().int(), pending: z.number().int(), failed: z.number().int() });

export const WebhookDelivery = z.object({
  id: Id, seq: z.number().int(), entity: z.string(), status: z.enum(['pending', 'delivered', 'failed']), attempts: z.number().int(),
  lastStatus: z.number().int().nullable(), lastError: z.string().nullable(), deliveredAt: EpochMs.nullable(), nextAttemptAt: EpochMs.nullable(),
});
