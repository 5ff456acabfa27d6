/**
 * The fake SaaS API server: a `node:http` server on 127.0.0.1 with an ephemeral
 * port. It tracks its sockets and pending slow responses so `close()` ends them
 * all, and jest never waits on a keep-alive connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RecordStore } from './data';
import { FaultQueue, faultResponse } from './faults';
import type { FakeResponse } from './http';
import { json } from './http';
import type { FakeApiSettings } from './options';
import { normalizeOptions } from './options';
import { route } from './router';
import { templateLeak, templateLeakError } from './templateLeaks';
import { TokenAuthority } from './tokens';
import { logEntry, readBody, send, sendPartial } from './transport';
import type { FakeApi, FakeApiOptions, FakeCredentials, FakeRecord, FaultSpec, LoggedRequest } from './types';

const DEFAULT_SLOW_MS = 1000;

class FakeApiServer implements FakeApi {
  readonly requests: LoggedRequest[] = [];
  /** Requests that sent a placeholder unexpanded (see templateLeaks.ts). */
  private readonly leaks: string[] = [];
  private readonly store: RecordStore;
  private readonly tokens: TokenAuthority;
  private readonly faults = new FaultQueue();
  private readonly sockets = new Set<Socket>();
  // Cancels of slow responses still waiting, so close() does not wait for their timers.
  private readonly pending = new Set<() => void>();
  private closing?: Promise<void>;
  /** Requests arrived whose response is not finished yet. */
  private inFlight = 0;

  constructor(
    private readonly server: Server,
    private readonly settings: FakeApiSettings,
    readonly port: number,
  ) {
    this.store = new RecordStore(settings.collections, settings.childrenPerParent);
    this.tokens = new TokenAuthority({ ...settings, refreshToken: settings.credentials.refreshToken });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        // Only a bug in the fake gets here; cut the connection so the client fails instead of hanging.
        console.error('fake API: request handling failed', error);
        res.destroy();
      });
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get tokensIssued(): number {
    return this.tokens.tokensIssued;
  }

  get currentRefreshToken(): string {
    return this.tokens.currentRefreshToken;
  }

  get credentials(): Readonly<FakeCredentials> {
    return this.settings.credentials;
  }

  records(collection: string): FakeRecord[] {
    const records = this.store.get(collection);
    if (!records) throw new Error(`fake API: no collection "${collection}"`);
    return structuredClone(records);
  }

  childRecords(collection: string, parentId: number): FakeRecord[] {
    if (!this.store.get(collection)) throw new Error(`fake API: no collection "${collection}"`);
    return this.store.children(collection, parentId) ?? [];
  }

  setRecords(collection: string, records: FakeRecord[]): void {
    this.store.set(collection, records);
  }

  addFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      for (const cancel of this.pending) cancel();
      this.server.close(() => (this.leaks.length > 0 ? reject(templateLeakError(this.leaks)) : resolve()));
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closing;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    const entry = logEntry(req, this.settings.now(), this.inFlight);
    this.requests.push(entry);
    // 'close' comes once the response is sent or the socket went away, whichever way the request ends.
    res.once('close', () => {
      this.inFlight--;
      entry.endedAt = this.settings.now();
    });
    const leak = templateLeak(entry.url);
    if (leak) {
      this.leaks.push(`${entry.method} ${entry.url}: ${leak}`);
      await readBody(req);
      send(res, json(400, { error: 'template_leak', error_description: `the request sent ${leak}` }), entry);
      return;
    }
    const throttle = this.settings.throttle;
    if (throttle && this.inFlight > throttle.maxInFlight) {
      await readBody(req);
      const headers: Record<string, string> = throttle.retryAfter === undefined ? {} : { 'Retry-After': throttle.retryAfter };
      send(res, json(429, { error: 'too_many_requests', error_description: `more than ${throttle.maxInFlight} requests in flight` }, headers), entry);
      return;
    }
    // Taken on arrival, so concurrent requests meet faults in log order.
    const fault = this.faults.take(entry.path);
    const body = await readBody(req);
    if (body === undefined) return;
    entry.body = body;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const response = (fault && faultResponse(fault)) ?? this.answer(req, entry);
    if (fault?.kind === 'slow' && !(await this.delay(fault.delayMs ?? DEFAULT_SLOW_MS, res))) return;
    if (fault?.kind === 'drop-mid-body') sendPartial(res, response, entry);
    else send(res, response, entry);
  }

  private answer(req: IncomingMessage, entry: LoggedRequest): FakeResponse {
    const request = {
      method: entry.method,
      path: entry.path,
      query: new URLSearchParams(entry.url.slice(entry.path.length + 1)),
      headers: req.headers,
      body: entry.body,
    };
    try {
      return route(request, { settings: this.settings, tokens: this.tokens, store: this.store, baseUrl: this.baseUrl });
    } catch (error) {
      // A bug in the fake itself: answer loudly rather than hang the client.
      return json(500, { error: 'fake_api_bug', error_description: String((error as Error)?.stack ?? error) });
    }
  }

  /** Resolves true after `ms`, or false as soon as the client goes away or the server closes. */
  private delay(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (elapsed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(cancel);
        res.off('close', cancel);
        resolve(elapsed);
      };
      const cancel = () => finish(false);
      const timer = setTimeout(() => finish(true), ms);
      this.pending.add(cancel);
      res.once('close', cancel);
    });
  }
}

/**
 * Starts the fake API on 127.0.0.1 with an ephemeral port. Close it in `afterAll`.
 * @example
 * const api = await startFakeApi({ collections: { items: 25 } });
 * const res = await fetch(`${api.baseUrl}/bearer/offset/items?limit=10`, { headers: { Authorization: 'Bearer test-bearer-token' } });
 * await api.close();
 */
export async function startFakeApi(options?: FakeApiOptions): Promise<FakeApi> {
  const settings = normalizeOptions(options);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new FakeApiServer(server, settings, (server.address() as AddressInfo).port);
}
