/** The engine's version, written into every manifest (`sluice_version`). */
// A named import: esbuild bundles this one field, not the whole package.json.
import { version } from '../package.json';

/** The `version` of sluice's package.json; esbuild bundles it at build time. */
export const SLUICE_VERSION: string = version;
