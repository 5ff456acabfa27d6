import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidSecretError } from '../../../lambdas/errors/InvalidSecretError';
import { SecretsFileError } from '../../../lambdas/errors/SecretsFileError';
import { FileSecretStore } from '../../../lambdas/secrets/FileSecretStore';

function secretsFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sluice-secrets-')), 'secrets.json');
  writeFileSync(file, content);
  return file;
}

describe('FileSecretStore', () => {
  it('returns the values of the file and lists paths it lacks as missing', async () => {
    const store = await FileSecretStore.load(secretsFile(JSON.stringify({ '/sluice/acme/api_token': 'tok-123456', '/other': 'x-value' })));

    const { values, missing } = await store.getMany(['/sluice/acme/api_token', '/sluice/acme/gone']);

    expect(Object.fromEntries(values)).toEqual({ '/sluice/acme/api_token': 'tok-123456' });
    expect(missing).toEqual(['/sluice/acme/gone']);
    expect(store.description).toMatch(/^secrets file .*secrets\.json$/);
  });

  it('writes a rotated value back atomically, keeping the other keys', async () => {
    const file = secretsFile(JSON.stringify({ '/sluice/acme/refresh_token': 'old-refresh', '/keep': 'keep-me' }));
    const store = await FileSecretStore.load(file);

    await store.put('/sluice/acme/refresh_token', 'new-refresh');

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ '/sluice/acme/refresh_token': 'new-refresh', '/keep': 'keep-me' });
    expect(readdirSync(join(file, '..'))).toEqual(['secrets.json']);
    expect((await store.getMany(['/sluice/acme/refresh_token'])).values.get('/sluice/acme/refresh_token')).toBe('new-refresh');
  });

  it('refuses empty and non-string values, naming the path only', async () => {
    const store = new FileSecretStore({ '/a': '', '/b': 12345, '/c': 'fine-value' });

    const error = await store.getMany(['/a', '/b', '/c']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidSecretError);
    expect((error as Error).message).toContain('/a is empty');
    expect((error as Error).message).toContain('/b is a number, not a string');
    expect((error as Error).message).not.toContain('12345');
  });

  it('refuses a file that is not JSON without quoting its content', async () => {
    const file = secretsFile('{"/a": "hunter2-secret",');
    const error = await FileSecretStore.load(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsFileError);
    expect((error as Error).message).toContain('is not valid JSON');
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('refuses a JSON file that is not an object', async () => {
    await expect(FileSecretStore.load(secretsFile('["a"]'))).rejects.toThrow(/is not a JSON object/);
  });
});
