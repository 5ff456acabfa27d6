/**
 * Jest global setup: one moto server for the whole run. Its endpoint and dummy
 * credentials are put into the environment, which every test worker inherits.
 */
import { startMoto } from './moto';

export default async function globalSetup(): Promise<void> {
  const moto = await startMoto();
  process.env.SLUICE_TEST_MOTO_PID = String(moto.pid);
  process.env.SLUICE_TEST_MOTO_PORT = String(moto.port);
  process.env.AWS_ENDPOINT_URL = moto.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_SESSION_TOKEN = 'testing';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_DEFAULT_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  // Powertools: no metrics namespace warnings, logs quiet unless a test asks.
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'sluice-test';
  process.env.POWERTOOLS_LOG_LEVEL = process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN';
}
