// A cloud PBX's recording fetched through the provider's API (issue 16). The webhook only names it
// (zadarma:<call_id_with_rec>, mango:<recording_id>, recordings.ts); the bytes come from:
//  - Novofon / Zadarma: GET /v1/pbx/record/request/?call_id=…&lifetime=… answers a temporary
//    download link. Signed as their API client signs: Authorization "<key>:<sign>", where sign is
//    base64 of the HEX HMAC-SHA1 (PHP's hash_hmac) of method + query + md5(query), the query's
//    parameters sorted by name.
//  - Mango Office: POST /queries/recording/post/ with the form vpbx_api_key, sign and json
//    ({"recording_id", "action": "download"}), sign = sha256(vpbx_api_key + json + salt) in hex; it
//    answers the file, or a redirect to it.
// The account's keys are the PBX source's (the same as verify its webhooks); apiUrl overrides the
// provider's address (Novofon: https://api.novofon.com; tests: a local fake of each API).
import { createHash, createHmac } from 'node:crypto';

export const PROVIDER_API_URL = { zadarma: 'https://api.zadarma.com', mango: 'https://app.mango-office.ru/vpbx' } as const;
export type RecordingProvider = keyof typeof PROVIDER_API_URL;

export interface ProviderAccount {
  kind: string;
  api_key: string | null;
  secret: string | null;
  api_url: string | null;
}

/** Why a provider's recording could not be had: not set up (no key), or the provider did not give it. */
export class ProviderRecordingError extends Error {
  constructor(
    readonly reason: 'provider' | 'unreachable',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderRecordingError';
  }
}

/** How long Zadarma's download link lives, in seconds (it is used at once). */
const LINK_LIFETIME_S = 180;
const ZADARMA_METHOD = '/v1/pbx/record/request/';

/** Zadarma's Authorization header for `method` with `params` (their API client's algorithm). */
export function zadarmaAuthorization(key: string, secret: string, method: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
  const md5 = createHash('md5').update(query).digest('hex');
  const hexHmac = createHmac('sha1', secret).update(method + query + md5).digest('hex');
  return `${key}:${Buffer.from(hexHmac).toString('base64')}`;
}

/** Mango Office's sign of a request's json. */
export function mangoSign(apiKey: string, json: string, salt: string): string {
  return createHash('sha256').update(apiKey + json + salt).digest('hex');
}

function base(account: ProviderAccount, provider: RecordingProvider): string {
  return (account.api_url ?? PROVIDER_API_URL[provider]).replace(/\/+$/, '');
}

async function ask(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, redirect: 'follow' });
  } catch (error) {
    throw new ProviderRecordingError('unreachable', `the PBX's API did not answer: ${(error as Error).message}`);
  }
}

function answered(res: Response, what: string): Response {
  if (!res.ok || !res.body) throw new ProviderRecordingError('unreachable', `the PBX's API answered ${res.status} for ${what}`, res.status);
  return res;
}

/**
 * The response whose body is the recording `ref` names (provider:<id>), from the provider's API.
 * Throws ProviderRecordingError: 'provider' when this PBX is not set up to be asked, 'unreachable'
 * when it was asked and did not give it.
 */
export async function fetchProviderRecording(account: ProviderAccount, ref: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<Response> {
  const colon = ref.indexOf(':');
  const provider = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if ((provider !== 'zadarma' && provider !== 'mango') || account.kind !== provider || !id) {
    throw new ProviderRecordingError('provider', `the recording is kept at ${provider}, and no ${provider} account is set up to fetch it`);
  }
  if (!account.api_key || !account.secret) {
    throw new ProviderRecordingError('provider', `the recording is kept at ${provider}; give the PBX its API key (pbx-add --api-key) to play it here`);
  }
  if (provider === 'zadarma') {
    const params = { call_id: id, lifetime: String(LINK_LIFETIME_S) };
    const url = `${base(account, provider)}${ZADARMA_METHOD}?${new URLSearchParams(params).toString()}`;
    const res = answered(await ask(fetchImpl, url, { headers: { Authorization: zadarmaAuthorization(account.api_key, account.secret, ZADARMA_METHOD, params) }, signal }), 'the link');
    const body = (await res.json().catch(() => null)) as { status?: unknown; link?: unknown; links?: unknown; message?: unknown } | null;
    const link = typeof body?.link === 'string' ? body.link : Array.isArray(body?.links) && typeof body.links[0] === 'string' ? body.links[0] : null;
    if (body?.status !== 'success' || link === null || !/^https?:\/\//.test(link)) {
      throw new ProviderRecordingError('unreachable', `the PBX's API gave no link: ${typeof body?.message === 'string' ? body.message : 'unexpected answer'}`);
    }
    return answered(await ask(fetchImpl, link, { signal }), 'the recording');
  }
  const json = JSON.stringify({ recording_id: id, action: 'download' });
  const form = new URLSearchParams({ vpbx_api_key: account.api_key, sign: mangoSign(account.api_key, json, account.secret), json });
  return answered(await ask(fetchImpl, `${base(account, provider)}/queries/recording/post/`, { method: 'POST', body: form, signal }), 'the recording');
}
