import { SluiceError } from './SluiceError';

/** The sources directory holds no source definition (`cdk synth` has nothing to deploy). */
export class NoSourcesError extends SluiceError {
  readonly code = 'no_sources';
  readonly kind = 'input' as const;
  readonly hint =
    'Add a source definition to the sources directory (sources/examples/ has some to copy), or point the app elsewhere with `-c sources=<dir>`.';

  constructor(
    /** The directory searched, as shown to the user. */
    readonly dir: string,
    hint: string,
  ) {
    super(`no sources found in ${dir}/; add a source definition (*.json or *.ts) there${hint}, or point the app elsewhere with \`-c sources=<dir>\``);
  }
}
