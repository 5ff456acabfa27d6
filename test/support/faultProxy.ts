/**
 * A fault-injecting HTTP proxy on loopback between an S3 SDK client and moto's
 * S3: requests are forwarded unchanged (path-style), except those a queued fault
 * matches, which get what real S3 sometimes answers instead: `500 InternalError`,
 * `503 SlowDown`, `409 ConditionalRequestConflict` (with S3's XML error body), or a connection dropped before the
 * request is read, or after moto applied it (the write landed, the answer is lost).
 * The SDK client under test is the production one with only its endpoint changed.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { motoEndpoint } from './aws';

/** The S3 operations the proxy tells apart (path-style requests). */
export type S3Operation =
  | 'PutObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'ListObjects'
  | 'ListMultipartUploads'
  | 'Other';

/**
 * What a fault does:
 * - `internal-error`: `500 InternalError` (XML body), nothing forwarded;
 * - `slow-down`: `503 SlowDown` (XML body), nothing forwarded;
 * - `conflict`: `409 ConditionalRequestConflict` (XML body), nothing forwarded: what S3 answers a
 *   conditional write while another conditional write of the key is in flight (moto never sends it);
 * - `drop`: the socket is destroyed as soon as the request arrives, nothing forwarded;
 * - `drop-after-forward`: forwarded and applied by moto, then the socket is destroyed instead of answering.
 */
export type S3FaultKind = 'internal-error' | 'slow-down' | 'conflict' | 'drop' | 'drop-after-forward';

/** A fault for the requests it matches; every given matcher field must match. */
export interface S3FaultSpec {
  kind: S3FaultKind;
  /** The operation(s) hit. @default any */
  operation?: S3Operation | readonly S3Operation[];
  /** The object key: a string is a prefix, a RegExp is tested. @default any */
  key?: string | RegExp;
  /** For `UploadPart`: only this part number. @default any */
  partNumber?: number;
  /** How many matching requests it hits (Infinity allowed). @default 1 */
  times?: number;
  /** Let this many matching requests through first. @default 0 */
  skip?: number;
}

/** One request the proxy saw. */
export interface ProxiedRequest {
  method: string;
  operation: S3Operation;
  bucket: string;
  key: string;
  partNumber?: number;
  /** The fault that answered it, if any. */
  fault?: S3FaultKind;
  /** The status sent to the client; 0 for a dropped connection. */
  status: number;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: the endpoint for the SDK client. */
  readonly endpoint: string;
  /** Every request, in arrival order. */
  readonly requests: ProxiedRequest[];
  addFault(fault: S3FaultSpec): void;
  clearFaults(): void;
  /** An S3 client through the proxy (path-style, the SDK's default retry strategy). */
  client(): S3Client;
  /** Destroys open sockets and stops listening. Idempotent. */
  close(): Promise<void>;
}

interface QueuedFault {
  readonly spec: S3FaultSpec;
  passed: number;
  hits: number;
}

/** Classifies a path-style S3 request. */
export function classifyS3Request(method: string, url: string): Pick<ProxiedRequest, 'operation' | 'bucket' | 'key' | 'partNumber'> {
  const parsed = new URL(url, 'http://proxy');
  const [, bucket = '', ...rest] = parsed.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const q = parsed.searchParams;
  const partNumber = q.has('partNumber') ? Number(q.get('partNumber')) : undefined;
  const operation = ((): S3Operation => {
    switch (method) {
      case 'PUT':
        if (!key) return 'Other';
        return q.has('uploadId') ? 'UploadPart' : 'PutObject';
      case 'POST':
        if (q.has('uploads')) return 'CreateMultipartUpload';
        return q.has('uploadId') ? 'CompleteMultipartUpload' : 'Other';
      case 'DELETE':
        if (q.has('uploadId')) return 'AbortMultipartUpload';
        return key ? 'DeleteObject' : 'Other';
      case 'GET':
        if (key) return 'GetObject';
        return q.has('uploads') ? 'ListMultipartUploads' : 'ListObjects';
      case 'HEAD':
        return key ? 'HeadObject' : 'Other';
      default:
        return 'Other';
    }
  })();
  return { operation, bucket, key, ...(partNumber !== undefined ? { partNumber } : {}) };
}

function matches(spec: S3FaultSpec, request: Pick<ProxiedRequest, 'operation' | 'key' | 'partNumber'>): boolean {
  if (spec.operation !== undefined) {
    const ops: readonly S3Operation[] = typeof spec.operation === 'string' ? [spec.operation] : spec.operation;
    if (!ops.includes(request.operation)) return false;
  }
  if (spec.key !== undefined) {
    if (typeof spec.key === 'string' ? !request.key.startsWith(spec.key) : ((spec.key.lastIndex = 0), !spec.key.test(request.key))) return false;
  }
  return spec.partNumber === undefined || spec.partNumber === request.partNumber;
}

/** S3's XML error document. */
function s3Error(code: string, message: string, key: string): string {
  const id = randomBytes(8).toString('hex').toUpperCase();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key><RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
}

const ERRORS = {
  'internal-error': { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  'slow-down': { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
  conflict: { status: 409, code: 'ConditionalRequestConflict', message: 'A conflicting operation occurred. If using PutObject you can retry the request.' },
} as const;

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts a proxy in front of `target` (default: moto, from `AWS_ENDPOINT_URL`).
 * @example
 * const proxy = await startFaultProxy();
 * proxy.addFault({ operation: 'UploadPart', partNumber: 2, kind: 'slow-down', times: 2 });
 * const store = new S3Store({ bucket, client: proxy.client(), partSizeBytes: 5 * 1024 * 1024 });
 */
export async function startFaultProxy(options: { target?: string } = {}): Promise<FaultProxy> {
  const target = new URL(options.target ?? motoEndpoint());
  let faults: QueuedFault[] = [];
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();

  const take = (request: Pick<ProxiedRequest, 'operation' | 'key' | 'partNumber'>): S3FaultSpec | undefined => {
    let fired: QueuedFault | undefined;
    for (const fault of faults) {
      if (!matches(fault.spec, request)) continue;
      if (fault.passed < (fault.spec.skip ?? 0)) fault.passed++;
      else fired ??= fault;
    }
    if (!fired) return undefined;
    if (++fired.hits >= (fired.spec.times ?? 1)) faults = faults.filter((f) => f !== fired);
    return fired.spec;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const headers: OutgoingHttpHeaders = { ...req.headers };
      // The body is read whole already: no 100-continue handshake upstream.
      delete headers.expect;
      const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, resolve);
      upstream.on('error', reject);
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const entry: ProxiedRequest = { method, ...classifyS3Request(method, req.url ?? '/'), status: 0 };
    requests.push(entry);
    const fault = take(entry);
    entry.fault = fault?.kind;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    // The whole request is read before any answer, so the client sees the status, not a broken pipe.
    const body = await readAll(req);
    if (fault?.kind === 'internal-error' || fault?.kind === 'slow-down' || fault?.kind === 'conflict') {
      const error = ERRORS[fault.kind];
      entry.status = error.status;
      const xml = s3Error(error.code, error.message, entry.key);
      res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amz-request-id': 'fault-proxy' });
      res.end(xml);
      return;
    }
    const upstream = await forward(req, body);
    if (fault?.kind === 'drop-after-forward') {
      await readAll(upstream);
      req.socket.destroy();
      return;
    }
    entry.status = upstream.statusCode ?? 502;
    const headers = { ...upstream.headers };
    delete headers.connection;
    delete headers['transfer-encoding'];
    res.writeHead(entry.status, headers);
    upstream.pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A broken upstream is the proxy's own failure: answer loudly rather than hang the client.
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`fault proxy: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;

  return {
    endpoint,
    requests,
    addFault: (spec) => void faults.push({ spec: { ...spec }, passed: 0, hits: 0 }),
    clearFaults: () => void (faults = []),
    client: () => new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1' }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
