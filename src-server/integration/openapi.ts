// The integration API's OpenAPI document (issue 26, docs/api.md), generated from the zod schemas the
// server checks requests with (src-shared/integration/protocol.ts), so the two cannot drift. Served
// at GET /api/v1/openapi.json.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ApiErrorBody, CaseUpsert, ChangesPage, CustomerUpsert, ExternalId, ImportLine, ImportReport, InteractionUpsert, TaskUpsert, UpsertResult,
} from '../../src-shared/integration/protocol.js';

export const API_VERSION = '1.0.0';

const errors = {
  400: { description: 'A field is invalid: `details` names each one.', content: { 'application/json': { schema: ApiErrorBody } } },
  401: { description: 'No token, or not a valid one.', content: { 'application/json': { schema: ApiErrorBody } } },
  403: { description: 'The token lacks the scope.', content: { 'application/json': { schema: ApiErrorBody } } },
  404: { description: 'A customer referred to does not exist.', content: { 'application/json': { schema: ApiErrorBody } } },
};

function upsertPath(registry: OpenAPIRegistry, path: string, scope: string, what: string, body: z.ZodType) {
  registry.registerPath({
    method: 'put', path, summary: `Create or update ${what} by your system's id`, description: `Scope \`${scope}\`. Sending the same id again updates the same row.`,
    security: [{ token: [] }], request: { params: z.object({ externalId: ExternalId }), body: { content: { 'application/json': { schema: body } } } },
    responses: { 200: { description: 'The row, and whether it was created, updated or unchanged.', content: { 'application/json': { schema: UpsertResult } } }, ...errors },
  });
}

let cached: object | null = null;

export function openApiDocument(): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer', description: 'An API token an admin issued (kt_…), limited by scopes.' });
  upsertPath(registry, '/api/v1/customers/{externalId}', 'customers:write', 'a customer', CustomerUpsert);
  upsertPath(registry, '/api/v1/interactions/{externalId}', 'interactions:write', 'an entry (written once; never changed after)', InteractionUpsert);
  upsertPath(registry, '/api/v1/tasks/{externalId}', 'tasks:write', 'a task', TaskUpsert);
  upsertPath(registry, '/api/v1/cases/{externalId}', 'cases:write', 'a case', CaseUpsert);
  registry.registerPath({
    method: 'post', path: '/api/v1/import/customers', summary: 'Import customers in bulk', security: [{ token: [] }],
    description: 'Scope `customers:write`. A CSV file (text/csv; a header row of the field names; phones and emails split by commas) or a JSON array; at most 10,000 lines. Each line is upserted alone; refused lines are reported by number.',
    request: { body: { content: { 'application/json': { schema: z.array(ImportLine) }, 'text/csv': { schema: z.string() } } } },
    responses: { 200: { description: 'What each line did.', content: { 'application/json': { schema: ImportReport } } }, ...errors },
  });
  registry.registerPath({
    method: 'get', path: '/api/v1/changes', summary: 'Every change after a cursor, for a warehouse', security: [{ token: [] }],
    description: 'Scope `export:read`. Each changed row once, in its newest state, in commit order; a page never skips or repeats a change under concurrent writes. Start with after=0; pass the page\'s cursor as the next after.',
    request: { query: z.object({ after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }) },
    responses: { 200: { description: 'A page of changes.', content: { 'application/json': { schema: ChangesPage } } }, ...errors },
  });
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Kartoteka integration API', version: API_VERSION, description: 'For the company\'s other systems: billing, ERP, the website, a data warehouse. docs/api.md explains it.' },
    servers: [{ url: '/' }],
  });
  return cached;
}
