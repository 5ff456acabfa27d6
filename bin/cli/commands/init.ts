/**
 * `sluice init <name> --base-url URL [--auth …] --path P …`: scaffolds a
 * source from the API itself. One authenticated GET per path, through the
 * engine's HTTP client; from each real first response it detects the
 * paginator (the engine's own auto-detection), the data selector, the primary
 * key and a candidate cursor, writes `sources/<name>.json` with secret
 * references only, and a secrets template beside the project, then prints what
 * it found, why, and the command to run next (with `--json`, one JSON object
 * saying the same). Refuses to overwrite a source unless `--force`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { validateSource } from '../../../lambdas/config/validateSource';
import { RESOURCE_NAME, SOURCE_NAME } from '../../../lambdas/config/names';
import { createStderrLogger } from '../../../lambdas/observability/StderrLogger';
import { boolFlag, stringFlag } from '../args';
import type { ParsedArgs } from '../args';
import type { Command } from '../Command';
import { EXIT } from '../describeError';
import { jsonFlag, SECRETS_FILE } from '../flags';
import { detectEndpoint } from '../init/detectEndpoint';
import type { DetectedEndpoint } from '../init/detectEndpoint';
import { INIT_AUTH_TYPES, initAuthBlock, SECRET_FLAGS } from '../init/initAuth';
import { initSecretStore, secretPaths, writeSecretsTemplate } from '../init/initSecrets';
import { probeResources } from '../init/probe';
import { UsageError } from '../UsageError';

const USAGE =
  'sluice init <name> --base-url URL --path P [--path P ...] [--auth bearer|api_key|basic|oauth2 [--api-key-name N] [--api-key-location L] [--token-url URL]] [--secrets-file F | --token T | --api-key K | --username U --password P | --client-id I --client-secret S] [--schedule S] [--force] [--json]';

/** The project's JSON Schema of sources, for the written file's `$schema`. */
const SCHEMA_FILE = resolve(__dirname, '../../../schema/source.schema.json');

/** A resource name for `path`: its last segment that is not a placeholder, in the characters a resource name allows. */
export function resourceNameOf(path: string): string {
  const segments = path.split('?')[0].split('/').filter((s) => s !== '' && !s.includes('{'));
  const name = (segments.at(-1) ?? '').replace(/[^A-Za-z0-9_-]/g, '_').replace(/^-+/, '');
  return RESOURCE_NAME.test(name) ? name : 'resource';
}

function uniqueNames(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((path) => {
    const base = resourceNameOf(path);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function baseUrlOf(args: ParsedArgs): string {
  const raw = stringFlag(args, 'base-url');
  if (raw === undefined) throw new UsageError('--base-url is required: the API root the paths are relative to, e.g. --base-url https://api.example.com/v1/', USAGE);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL, got "${raw}"`, USAGE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be an http(s) URL, got "${raw}"`, USAGE);
  // A base without a trailing slash would lose its last segment to a relative path.
  return raw.endsWith('/') ? raw : `${raw}/`;
}

function describe(name: string, path: string, found: DetectedEndpoint, status: number): string {
  const lines = [
    `${name}  GET ${path} → ${status}, ${found.records} record${found.records === 1 ? '' : 's'} on the first page`,
    `  paginator    ${found.paginator.chosen}: ${found.paginator.why}`,
    `  records      ${found.selector.chosen}: ${found.selector.why}`,
    `  primary key  ${found.primaryKey ? `"${found.primaryKey}": every record has one` : 'none: no "id" on every record (boundary records are told apart by a hash of the whole record)'}`,
    `  cursor       ${found.cursor.chosen}: ${found.cursor.why}`,
    ...found.warnings.map((w) => `  warning      ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** `sluice init`. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Scaffold sources/<name>.json from the API: one GET per path detects paging, records and a cursor.',
  spec: {
    usage: USAGE,
    flags: {
      'base-url': { type: 'string', value: 'URL', description: 'The API root; every --path is relative to it. Required.' },
      path: { type: 'string', multiple: true, value: 'P', description: 'A path to read, one resource each (named after its last segment). At least one.' },
      auth: { type: 'string', value: Object.keys(INIT_AUTH_TYPES).join('|'), default: 'none', description: 'How to authenticate; the source gets secret references, never the values.' },
      'api-key-name': { type: 'string', value: 'N', description: 'With --auth api_key: the header, query parameter or cookie carrying the key. Required with it.' },
      'api-key-location': { type: 'string', value: 'header|query|cookie', default: 'header', description: 'With --auth api_key: where the key goes.' },
      'token-url': { type: 'string', value: 'URL', description: 'With --auth oauth2: the token endpoint (client credentials grant). Required with it.' },
      'secrets-file': { ...SECRETS_FILE, description: 'Secret values for the probe, by parameter path (/sluice/<name>/token, …), as run and check read them.' },
      token: { type: 'string', value: 'T', description: 'The bearer token, for the probe only (never written).' },
      'api-key': { type: 'string', value: 'K', description: 'The API key, for the probe only (never written).' },
      username: { type: 'string', value: 'U', description: 'The HTTP Basic user, for the probe only (never written).' },
      password: { type: 'string', value: 'P', description: 'The HTTP Basic password, for the probe only (never written).' },
      'client-id': { type: 'string', value: 'I', description: 'The OAuth2 client id, for the probe only (never written).' },
      'client-secret': { type: 'string', value: 'S', description: 'The OAuth2 client secret, for the probe only (never written).' },
      schedule: { type: 'string', value: 'rate(…)|cron(…)', default: 'rate(1 day)', description: 'The schedule written into the source.' },
      force: { type: 'boolean', description: 'Overwrite an existing sources/<name>.json (the secrets template is never overwritten).' },
      json: jsonFlag(
        '{"source", "file", "resources": {"<name>": {"path", "status", "records", "paginator", "data_selector", "primary_key", "cursor" (each {"chosen", "why"}), "warnings"}}, "secrets": [parameter paths], "secrets_template": {"file", "written"} or null, "next"}',
      ),
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, context) {
    const { terminal, verbose } = context;
    const name = args.positionals[0];
    if (!SOURCE_NAME.test(name)) throw new UsageError(`"${name}" is not a source name: lowercase letters, digits and "-", starting with a letter or digit`, USAGE);
    const baseUrl = baseUrlOf(args);
    const paths = (args.values.path as unknown as string[] | undefined) ?? [];
    if (paths.length === 0) throw new UsageError('--path is required: the path of each resource to read, e.g. --path users --path orders', USAGE);
    const auth = initAuthBlock(stringFlag(args, 'auth'), {
      apiKeyName: stringFlag(args, 'api-key-name'),
      apiKeyLocation: stringFlag(args, 'api-key-location'),
      tokenUrl: stringFlag(args, 'token-url'),
      usage: USAGE,
    });
    const target = join(context.sourcesDir, `${name}.json`);
    if (existsSync(target) && !boolFlag(args, 'force')) throw new UsageError(`${target} exists already; pass --force to overwrite it, or choose another name`, USAGE);
    const names = uniqueNames(paths);
    const client = { base_url: baseUrl, ...(auth ? { auth: auth.block } : {}) };

    // The probe: the same client, each path one page of a single-page resource.
    const draft = validateSource({ name, client, resources: paths.map((path, i) => ({ name: names[i], endpoint: { path, paginator: 'single_page' } })) }, { file: target });
    const paramPaths = secretPaths(auth?.secrets ?? [], draft.secrets);
    const flagValues = new Map<string, string>();
    for (const [secret, parameter] of paramPaths) {
      const value = stringFlag(args, secret.flag.slice(2));
      if (value !== undefined) flagValues.set(parameter, value);
    }
    const given = Object.entries(SECRET_FLAGS).filter(([, flag]) => stringFlag(args, flag.slice(2)) !== undefined && ![...paramPaths.keys()].some((s) => s.flag === flag));
    if (given.length) throw new UsageError(`${given.map(([, f]) => f).join(', ')} ${given.length === 1 ? 'does' : 'do'} not go with --auth ${stringFlag(args, 'auth') ?? '(none)'}`, USAGE);
    const logger = createStderrLogger({ level: verbose ? 'debug' : 'warn', write: terminal.err });
    const responses = await probeResources(draft, await initSecretStore(flagValues, stringFlag(args, 'secrets-file')), logger);

    const json = boolFlag(args, 'json');
    // With --json, what the text says goes into one object printed at the end.
    const say = (text: string): void => {
      if (!json) terminal.out(text);
    };
    const detected: Record<string, unknown> = {};
    const resources = draft.resources.map((resource, i) => {
      const response = responses.get(resource.name);
      if (!response) throw new UsageError(`GET ${paths[i]}: a response action said ignore, so there is nothing to detect from`, USAGE);
      const found = detectEndpoint(response);
      say(describe(resource.name, paths[i], found, response.status));
      detected[resource.name] = {
        path: paths[i],
        status: response.status,
        records: found.records,
        paginator: found.paginator,
        data_selector: found.selector,
        primary_key: found.primaryKey ?? null,
        cursor: found.cursor,
        warnings: found.warnings,
      };
      return { name: resource.name, ...(found.primaryKey ? { primary_key: found.primaryKey } : {}), endpoint: { path: paths[i], ...found.endpoint } };
    });
    const definition = {
      $schema: relative(dirname(resolve(target)), SCHEMA_FILE),
      name,
      schedule: stringFlag(args, 'schedule') ?? 'rate(1 day)',
      client,
      resources,
    };
    // What is written must validate as it stands: a detection the schema refuses is a bug here, not the user's.
    validateSource(definition, { file: target });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(definition, null, 2)}\n`);
    say(`\nwrote ${target}${paramPaths.size ? ` (secrets as references: ${[...paramPaths.values()].join(', ')})` : ''}\n`);

    const secretsFile = stringFlag(args, 'secrets-file');
    let runSecrets = secretsFile;
    let template: { file: string; written: boolean } | null = null;
    if (paramPaths.size) {
      const file = `${name}.secrets.json`;
      template = { file, written: writeSecretsTemplate(file, paramPaths) };
      if (template.written) say(`wrote ${file}: a template of the secrets it needs, to fill in (git-ignored; in AWS they go to SSM, README "Secrets in SSM Parameter Store")\n`);
      else say(`kept ${file}: it exists already\n`);
      runSecrets ??= file;
    }
    const source = context.sourcesDir === 'sources' ? name : target;
    const secretsArg = runSecrets ? ` --secrets-file ${runSecrets}` : '';
    const next = `npx sluice validate ${source} && npx sluice run ${source}${secretsArg} --max-pages 2`;
    say(`next: ${next}\n`);
    if (json) terminal.out(`${JSON.stringify({ source: name, file: target, resources: detected, secrets: [...paramPaths.values()], secrets_template: template, next })}\n`);
    return EXIT.ok;
  },
};
