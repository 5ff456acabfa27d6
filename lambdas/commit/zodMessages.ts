/**
 * Gives zod/mini its English error messages. zod/mini ships no locale (its
 * messages are a bare "Invalid input"), while the full zod loads English on
 * import; both share one global config, so this is what the mini schemas of
 * manifests, checkpoints and handler payloads need to report problems as the
 * full build did. Import it for its effect.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
