/** Jest global teardown: stops the moto server of {@link ./globalSetup}. */
import { stopMoto } from './moto';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.SLUICE_TEST_MOTO_PID);
  if (pid > 0) stopMoto(pid);
}
