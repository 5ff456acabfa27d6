/**
 * Secrets from a local `--secrets-file`: a JSON object mapping parameter paths
 * to values (`{"/sluice/acme/api_token": "..."}`). With it SSM is not consulted
 * at all; a path missing from the file is a missing secret. A rotated refresh
 * token is written back to the file atomically (temp file + rename), so a crash
 * never leaves it half written.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { InvalidSecretError } from '../errors/InvalidSecretError';
import type { InvalidSecret } from '../errors/InvalidSecretError';
import { SecretsFileError } from '../errors/SecretsFileError';
import type { SecretBatch, SecretStore } from './SecretStore';

async function readSecretsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SecretsFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's content: a secret; leave it out.
    throw new SecretsFileError(file, 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SecretsFileError(file, 'is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** A {@link SecretStore} on a JSON object, in memory or backed by a file. */
export class FileSecretStore implements SecretStore {
  private readonly values: Map<string, unknown>;

  /**
   * @param values parameter path → value, as read from the file.
   * @param file the file to write rotated values back to; without it `put` changes memory only.
   * @example new FileSecretStore({ '/sluice/acme/api_token': 'abc' })
   */
  constructor(
    values: Readonly<Record<string, unknown>>,
    readonly file?: string,
  ) {
    this.values = new Map(Object.entries(values));
  }

  /** Reads a `--secrets-file`. @throws SecretsFileError when it is unreadable, not JSON or not an object */
  static async load(file: string): Promise<FileSecretStore> {
    return new FileSecretStore(await readSecretsFile(file), file);
  }

  get description(): string {
    return this.file ? `secrets file ${this.file}` : 'the in-memory secrets';
  }

  howToCreate(path: string): string {
    return this.file ? `add "${path}": "..." to ${this.file}` : `add "${path}" to the secrets`;
  }

  async getMany(paths: readonly string[]): Promise<SecretBatch> {
    const values = new Map<string, string>();
    const missing: string[] = [];
    const invalid: InvalidSecret[] = [];
    for (const path of new Set(paths)) {
      const value = this.values.get(path);
      if (value === undefined || value === null) missing.push(path);
      else if (typeof value !== 'string') invalid.push({ path, reason: `is a ${Array.isArray(value) ? 'list' : typeof value}, not a string` });
      else if (value.trim() === '') invalid.push({ path, reason: 'is empty' });
      else values.set(path, value);
    }
    if (invalid.length > 0) throw new InvalidSecretError(invalid, this.description);
    return { values, missing };
  }

  async put(path: string, value: string): Promise<void> {
    if (value.trim() === '') throw new InvalidSecretError([{ path, reason: 'would be written empty' }], this.description);
    if (this.file) {
      // Re-read, so keys edited since the run started are kept.
      const current = await readSecretsFile(this.file);
      current[path] = value;
      const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, this.file);
    }
    this.values.set(path, value);
  }
}
