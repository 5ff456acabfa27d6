/**
 * 6. Warm reuse: ten invocations of one handler in one process, within the
 * token lifetime (3600 s) and the secrets TTL (300 s): an OAuth2
 * client-credentials source whose client id and secret are SSM parameters in
 * moto. SSM is reached through a counting forwarder, the token endpoint is the
 * bench API's. Protects: the module-scope caches (secrets, token, SDK
 * clients), which save a round trip to SSM and to the identity provider on
 * every warm invocation and keep us off their rate limits.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startMoto, stopMoto } from '../../test/support/moto';
import { startApiServer } from '../lib/apiServer';
import { benchSource } from '../lib/benchSource';
import { firstBuildError } from '../lib/buildWorkers';
import { bundleHandler } from '../lib/bundleHandler';
import { defineScenario, freshDir, unmeasured } from '../lib/scenarioKit';
import { median, round } from '../lib/stats';
import type { WorkerReport } from '../lib/worker';
import { runWorker } from '../lib/worker';

const ID = 'warm-reuse';
const TITLE = 'Warm reuse over 10 invocations';
const TARGET = 'SSM round trips = 1, token requests = 1';
const NAME = 'bench-warm';
const BUCKET = 'sluice-bench-warm';

interface WarmReport extends WorkerReport {
  readonly initMs: number;
  readonly invocationMs: number[];
  readonly statuses: string[];
  readonly stats: { ssmRequests: number; tokenRequests: number; pages: number };
}

/** Scenario 6. */
export const warmReuse = defineScenario({
  id: ID,
  title: TITLE,
  target: TARGET,
  workers: ['server', 'warmReuse'],
  inputs: () => ({ invocations: 10, auth: 'oauth2_client_credentials (client_id, client_secret in SSM/moto)', pages_per_run: 3, records_per_page: 10, secrets_ttl_s: 300, token_expires_in_s: 3600 }),
  async measure(context, inputs) {
    let moto;
    try {
      moto = await startMoto();
    } catch (error) {
      return unmeasured(`moto unavailable: ${(error as Error).message.slice(0, 200)}`);
    }
    const server = await startApiServer(context.workers.server, { pages: inputs.pages_per_run, recordsPerPage: inputs.records_per_page, recordBytes: 300, delayMs: 0, style: 'link', ssmTarget: moto.endpoint });
    try {
      const aws = { endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
      const ssm = new SSMClient(aws);
      for (const [key, value] of [['client_id', 'bench-client'], ['client_secret', 'bench-secret-value']]) {
        await ssm.send(new PutParameterCommand({ Name: `/sluice/${NAME}/${key}`, Value: value, Type: 'SecureString', Overwrite: true }));
      }
      await new S3Client({ ...aws, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
      const auth = { type: 'oauth2_client_credentials', access_token_url: `${server.origin}/oauth/token`, client_id: { secret: 'client_id' }, client_secret: { secret: 'client_secret' } };
      let bundle;
      try {
        bundle = await bundleHandler(context.repoRoot, freshDir(context, ID), benchSource({ origin: server.origin, style: 'link', recordsPerPage: inputs.records_per_page, name: NAME, auth }));
      } catch (error) {
        return unmeasured(`engine piece missing: ${firstBuildError(error)}`);
      }
      const report = await runWorker<WarmReport>(
        context.workers.warmReuse,
        { module: bundle.file, invocations: inputs.invocations, statsUrl: `${server.origin}/_stats` },
        {
          env: {
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_ENDPOINT_URL_SSM: server.proxyOrigin ?? moto.endpoint,
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            SLUICE_SOURCE: NAME,
            SLUICE_BUCKET: BUCKET,
            SLUICE_PREFIX: '',
            POWERTOOLS_SERVICE_NAME: `sluice-${NAME}`,
            POWERTOOLS_LOG_LEVEL: 'ERROR',
          },
        },
      );
      const { ssmRequests, tokenRequests } = report.stats;
      const succeeded = report.statuses.filter((s) => s === 'succeeded').length;
      const warm = report.invocationMs.slice(1);
      const whys = [
        ...(ssmRequests !== 1 ? [`${ssmRequests} SSM round trips`] : []),
        ...(tokenRequests !== 1 ? [`${tokenRequests} token requests`] : []),
        ...(succeeded !== inputs.invocations ? [`${succeeded}/${inputs.invocations} invocations succeeded (${report.statuses.join(',')})`] : []),
      ];
      return {
        unit: 'count',
        sluice: { label: 'SSM round trips', median: ssmRequests, samples: [ssmRequests] },
        baseline: { label: 'token requests', median: tokenRequests, samples: [tokenRequests] },
        ratio: null,
        met: whys.length === 0,
        ...(whys.length ? { why: whys.join('; ') } : {}),
        checks: {
          ssm_round_trips: ssmRequests,
          token_requests: tokenRequests,
          pages_requested: report.stats.pages,
          invocations_succeeded: succeeded,
          first_invocation_ms: round(report.invocationMs[0] ?? 0),
          warm_invocation_median_ms: warm.length ? round(median(warm)) : null,
          module_init_ms: round(report.initMs),
        },
      };
    } finally {
      server.stop();
      stopMoto(moto.pid);
    }
  },
});
