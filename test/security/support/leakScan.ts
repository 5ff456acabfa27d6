/**
 * The leak scanner of the secrets test: which strings count as a secret (every
 * configured value, every credential the fake API saw on the wire, each in its
 * raw, base64 and URL-encoded forms) and what was captured (logs, errors,
 * results, every S3 key and object).
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import type { LoggedRequest } from '../../support/fakeApi';
import { testS3Client } from '../../support/aws';

// Shorter strings (a scheme name, a user name) are not credentials.
const MIN_SECRET_LENGTH = 8;

/**
 * The forms of one secret that must never appear: raw, `encodeURIComponent`,
 * form-encoded (spaces as `+`), JSON-escaped (also with `\/`), base64 and
 * base64url (padded and not).
 */
export function forbiddenForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
  ];
  return [...new Set(forms)];
}

/** Every credential the fake API received: Authorization/X-API-Key values, api_key parameters, token and login bodies. */
export function wireCredentials(requests: readonly LoggedRequest[]): string[] {
  const out = new Set<string>();
  for (const request of requests) {
    const authorization = request.headers.authorization;
    if (authorization) {
      out.add(authorization);
      out.add(authorization.replace(/^\S+\s+/, ''));
    }
    if (request.headers['x-api-key']) out.add(request.headers['x-api-key']);
    if (request.headers['x-team-token']) out.add(request.headers['x-team-token']);
    const token = request.query.token;
    if (typeof token === 'string') out.add(token);
    const key = request.query.api_key;
    if (typeof key === 'string') out.add(key);
    if (request.path === '/oauth/token') {
      const form = new URLSearchParams(request.body);
      for (const field of ['client_secret', 'refresh_token']) if (form.get(field)) out.add(form.get(field) as string);
    }
    if (request.path === '/login' && request.body) {
      const body = JSON.parse(request.body) as { password?: string };
      if (body.password) out.add(body.password);
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/** Every key of `bucket` and the text of every object (gzip objects unzipped), as `key\ncontent` blocks. */
export async function bucketDump(bucket: string): Promise<string[]> {
  const s3 = testS3Client();
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray());
      out.push(`${Key}\n${Key?.endsWith('.gz') ? gunzipSync(body).toString('utf8') : body.toString('utf8')}`);
    }
    token = page.NextContinuationToken;
  } while (token);
  return out;
}

/** An error with its stack and every cause, as text. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as (Error & { cause?: unknown; summary?: unknown }) | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    parts.push(String(e.message), String(e.stack), JSON.stringify(e.summary ?? null), JSON.stringify(e));
  }
  return parts.join('\n');
}

/** The secrets (in any form) that occur in `haystack`, with a little context, for a readable failure. */
export function leaksIn(haystack: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const form of forbiddenForms(secret)) {
      const at = haystack.indexOf(form);
      if (at >= 0) found.push(`${form} (form of ${secret}) in …${haystack.slice(Math.max(0, at - 120), at + form.length + 40)}…`);
    }
  }
  return found;
}
