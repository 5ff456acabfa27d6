/** The engine's version, written into every manifest (`sluice_version`). */
import pkg from '../package.json';

/** The `version` of sluice's package.json; esbuild bundles the JSON at build time. */
export const SLUICE_VERSION: string = pkg.version;
