/**
 * Secrets from SSM Parameter Store: every path of a source in GetParameters
 * batches of 10, decrypted, cached in module scope with a TTL.
 *
 * Why not Powertools' `SSMProvider.getParametersByName`: with decryption it
 * sends one GetParameter per name (measured in its source: decrypted names
 * skip the batch path), and it drops each parameter's `Type` and empty values,
 * which we must refuse; so the batch is our own call, with Powertools-style caching.
 */
import { GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DEFAULTS } from '../config/defaults';
import { InvalidSecretError } from '../errors/InvalidSecretError';
import type { InvalidSecret } from '../errors/InvalidSecretError';
import { SecretAccessDeniedError } from '../errors/SecretAccessDeniedError';
import { cachedSecret, cacheSecret } from './secretCache';
import type { SecretBatch, SecretStore } from './SecretStore';

/** GetParameters accepts at most this many names per call. */
export const SSM_BATCH_SIZE = 10;

/** Options of {@link SsmSecretStore}. */
export interface SsmSecretStoreOptions {
  /** The SSM client. @default one client from the standard credential chain and `AWS_ENDPOINT_URL`, shared by every store of the process */
  readonly client?: SSMClient;
  /** How long a fetched value is reused; ≤ 0 disables the cache. @default 300 (`run.secrets_ttl_seconds`) */
  readonly ttlSeconds?: number;
  /** Read SSM even when a cached value is fresh (the cache is still refreshed). @default false */
  readonly forceFetch?: boolean;
  /** Called once per SSM API call, e.g. to count round trips. */
  readonly onRoundTrip?: (operation: 'GetParameters' | 'PutParameter') => void;
  /** Clock (ms since epoch) for the TTL. @default Date.now */
  readonly now?: () => number;
}

let sharedClient: SSMClient | undefined;
let roundTrips = 0;

/** SSM API calls made by every {@link SsmSecretStore} of this process (tests read it). */
export function ssmRoundTrips(): number {
  return roundTrips;
}

interface AwsError {
  name?: string;
  message?: string;
}

function isAccessDenied(error: unknown): error is AwsError {
  const name = (error as AwsError | undefined)?.name ?? '';
  return /AccessDenied|KMSAccessDenied|NotAuthorized/i.test(name);
}

/** The IAM action a refusal names; SSM reports a KMS refusal as AccessDenied too. */
function refusedAction(error: AwsError, fallback: string): string {
  const message = error.message ?? '';
  const named = /perform:\s*([a-z0-9-]+:[A-Za-z]+)/.exec(message);
  if (named) return named[1];
  if (/kms|ciphertext|\bkey\b/i.test(`${error.name} ${message}`)) return fallback === 'ssm:PutParameter' ? 'kms:Encrypt' : 'kms:Decrypt';
  return fallback;
}

/** The parameters of `asked` that a refusal names (its resource ARN), else all of them. */
function refusedParameters(error: AwsError, asked: readonly string[]): string[] {
  const arn = /arn:aws[a-z-]*:ssm:[^:]*:[^:]*:parameter(\/?[^\s,;]*)/.exec(error.message ?? '');
  if (arn) {
    const name = arn[1].replace(/^\/(?=\/)/, '');
    const hit = asked.filter((p) => p === name || p === name.replace(/^\//, ''));
    if (hit.length > 0) return hit;
  }
  return [...asked];
}

/** A {@link SecretStore} on SSM Parameter Store. */
export class SsmSecretStore implements SecretStore {
  private readonly client: SSMClient;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private region: string | undefined;

  constructor(private readonly options: SsmSecretStoreOptions = {}) {
    this.client = options.client ?? (sharedClient ??= new SSMClient({}));
    this.maxAgeMs = (options.ttlSeconds ?? DEFAULTS.run.secretsTtlSeconds) * 1000;
    this.now = options.now ?? Date.now;
  }

  get description(): string {
    return this.region ? `SSM Parameter Store (region ${this.region})` : 'SSM Parameter Store';
  }

  howToCreate(path: string): string {
    const region = this.region ? ` --region ${this.region}` : '';
    return `aws ssm put-parameter${region} --type SecureString --name ${path} --value '...'`;
  }

  async getMany(paths: readonly string[]): Promise<SecretBatch> {
    const region = await this.regionOf();
    const values = new Map<string, string>();
    const toFetch: string[] = [];
    for (const path of new Set(paths)) {
      const hit = this.options.forceFetch ? undefined : cachedSecret(`${region}|${path}`, this.maxAgeMs, this.now());
      if (hit === undefined) toFetch.push(path);
      else values.set(path, hit);
    }
    const missing: string[] = [];
    const invalid: InvalidSecret[] = [];
    for (let i = 0; i < toFetch.length; i += SSM_BATCH_SIZE) {
      const batch = toFetch.slice(i, i + SSM_BATCH_SIZE);
      const result = await this.call('GetParameters', batch, 'ssm:GetParameters', () =>
        this.client.send(new GetParametersCommand({ Names: batch, WithDecryption: true })),
      );
      missing.push(...(result.InvalidParameters ?? []));
      for (const parameter of result.Parameters ?? []) {
        const name = parameter.Name ?? '';
        if (parameter.Type === 'StringList') invalid.push({ path: name, reason: 'is a StringList (its commas would be sent as part of the credential)' });
        else if (!parameter.Value || parameter.Value.trim() === '') invalid.push({ path: name, reason: 'is empty' });
        else {
          values.set(name, parameter.Value);
          cacheSecret(`${region}|${name}`, parameter.Value, this.now());
        }
      }
    }
    if (invalid.length > 0) throw new InvalidSecretError(invalid, this.description);
    return { values, missing };
  }

  async put(path: string, value: string): Promise<void> {
    if (value.trim() === '') throw new InvalidSecretError([{ path, reason: 'would be written empty' }], this.description);
    const region = await this.regionOf();
    await this.call('PutParameter', [path], 'ssm:PutParameter', () =>
      this.client.send(new PutParameterCommand({ Name: path, Value: value, Type: 'SecureString', Overwrite: true })),
    );
    cacheSecret(`${region}|${path}`, value, this.now());
  }

  private async regionOf(): Promise<string> {
    this.region ??= await this.client.config.region();
    return this.region;
  }

  /** One SSM call, counted; a refusal becomes a {@link SecretAccessDeniedError} naming parameter and action. */
  private async call<T>(operation: 'GetParameters' | 'PutParameter', names: readonly string[], action: string, send: () => Promise<T>): Promise<T> {
    roundTrips++;
    this.options.onRoundTrip?.(operation);
    try {
      return await send();
    } catch (error) {
      if (isAccessDenied(error)) {
        throw new SecretAccessDeniedError(refusedParameters(error, names), refusedAction(error, action), this.description, { cause: error });
      }
      throw error;
    }
  }
}
