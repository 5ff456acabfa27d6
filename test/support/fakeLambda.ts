/**
 * A stand-in for the Lambda API on loopback, for `sluice invoke`: it answers
 * `GetFunctionConfiguration` and a synchronous `Invoke` of one function by
 * calling a real handler in this process, the way the Lambda runtime would
 * (an error becomes `X-Amz-Function-Error` with `errorType`/`errorMessage`).
 * moto lists Lambda functions but runs them only in Docker, which the tests
 * lack. The CLI reaches it through `AWS_ENDPOINT_URL_LAMBDA`, so the real SDK
 * client is what talks to it; every request is logged for the test to assert on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Lambda API received. */
export interface LambdaRequest {
  readonly method: string;
  readonly path: string;
  /** The parsed invocation payload, for an Invoke. */
  readonly payload?: unknown;
}

/** A running fake Lambda API. */
export interface FakeLambda {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL_LAMBDA`. */
  readonly endpoint: string;
  /** Every request, in order. */
  readonly requests: readonly LambdaRequest[];
  close(): Promise<void>;
}

/** What the fake function is. */
export interface FakeLambdaOptions {
  readonly functionName: string;
  /** The function's environment, as GetFunctionConfiguration returns it. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Runs one invocation, as the Lambda runtime runs the deployed handler. */
  readonly handler: (event: unknown) => Promise<unknown>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/(configuration|invocations)$/;

/** Starts the fake Lambda API. */
export async function startFakeLambda(options: FakeLambdaOptions): Promise<FakeLambda> {
  const requests: LambdaRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const match = PATH.exec(path);
      const name = match ? decodeURIComponent(match[1]) : undefined;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (!match || name !== options.functionName) {
        requests.push({ method: req.method ?? '', path });
        send(404, { Type: 'User', Message: `Function not found: ${name ?? path}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
        return;
      }
      if (match[2] === 'configuration') {
        requests.push({ method: req.method ?? '', path });
        send(200, { FunctionName: options.functionName, Environment: { Variables: { ...options.environment } } });
        return;
      }
      const payload = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
      requests.push({ method: req.method ?? '', path, payload });
      const log = Buffer.from(`START RequestId: fake\nEND RequestId: fake\n`).toString('base64');
      options.handler(payload).then(
        (result) => send(200, result, { 'x-amz-log-result': log, 'x-amz-executed-version': '$LATEST' }),
        (error: Error) => send(200, { errorType: error.name, errorMessage: error.message, trace: [] }, { 'x-amz-function-error': 'Unhandled', 'x-amz-log-result': log }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The SDK keeps its connections alive: close them, or the server waits for them.
        server.closeAllConnections();
      }),
  };
}
