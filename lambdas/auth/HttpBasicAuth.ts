/**
 * `http_basic`: `Authorization: Basic base64(username:password)`. An absent
 * password is the empty one (`base64("user:")`, as Stripe uses with the
 * secret key as username, which is then the credential). The base64 form of
 * `user:password` goes on the wire, so it is registered with the Redactor along
 * with the password; the username alone is an identifier and stays in records.
 * @example auth: { type: 'http_basic', username: 'reporter', password: secret('password') }
 */
import type { HttpBasicAuthModel } from '../model';
import { addEncodedSecret, addSecret } from '../secrets/Redactor';
import type { AuthContext } from './AuthContext';
import type { AuthStrategy } from './AuthStrategy';
import { withHeader } from './withHeader';

/** `user:password` as a Basic credential (UTF-8, base64). */
export function basicCredential(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

/** HTTP Basic authentication. */
export class HttpBasicAuth implements AuthStrategy {
  private readonly header: string;

  constructor(config: Pick<HttpBasicAuthModel, 'username' | 'password'>, ctx: AuthContext) {
    const username = ctx.resolve(config.username);
    const password = ctx.resolve(config.password);
    // Absent in the file (the empty password, Stripe style): the username is the credential.
    addSecret(config.password === '' ? username : password);
    addEncodedSecret(`${username}:${password}`);
    const encoded = basicCredential(username, password);
    this.header = `Basic ${encoded}`;
  }

  authenticate(request: Request): Request {
    return withHeader(request, 'Authorization', this.header);
  }
}
