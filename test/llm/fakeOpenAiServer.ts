/**
 * A tiny OpenAI-compatible server for tests (node:http on 127.0.0.1, a
 * free port): POST /v1/chat/completions, streamed or whole as the request
 * asks, and GET /v1/models. Each request is answered as the test's
 * `respond` says, and recorded with a promise that settles when its
 * connection closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A completion: the text in pieces (one event each when streamed). */
export interface FakeCompletion {
  readonly kind: 'completion';
  readonly pieces: readonly string[];
  readonly finishReason?: 'stop' | 'length';
  /** Sent in a last chunk (streamed) or in the body; null sends none. */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null;
  /**
   * How a stream ends: 'done' sends `data: [DONE]` and closes, 'cut' closes
   * without it, 'hold' keeps the connection open until the client leaves.
   */
  readonly ending?: 'done' | 'cut' | 'hold';
  /** Answers with the whole completion even when the request asks for a stream, as some servers do. */
  readonly whole?: boolean;
  /** Extra fields of the first chunk, e.g. llama-server's `timings`. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** An HTTP error with the given body. */
export interface FakeFailure {
  readonly kind: 'failure';
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

export type FakeResponse = FakeCompletion | FakeFailure;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The JSON body, or null. */
  readonly body: unknown;
  /** Resolves when the connection of this request closes; `early` when the response was not finished. */
  readonly closed: Promise<{ readonly early: boolean }>;
}

export interface FakeOpenAiServer {
  /** http://127.0.0.1:<port>/v1 */
  readonly baseUrl: string;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FakeServerOptions {
  readonly models?: readonly string[];
  /** How to answer chat completion requests (default: "Hello!" in two pieces). */
  readonly respond?: (request: RecordedRequest) => FakeResponse;
}

const hello: FakeResponse = { kind: 'completion', pieces: ['Hel', 'lo!'] };

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (text += piece));
    request.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : null);
      } catch {
        resolve(null);
      }
    });
    request.on('error', reject);
  });
}

function chunk(delta: object, finishReason: string | null, extra?: object): string {
  const body = {
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify({ ...body, ...extra })}\n\n`;
}

function stream(response: ServerResponse, reply: FakeCompletion): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  reply.pieces.forEach((piece, i) =>
    response.write(chunk({ content: piece }, null, i === 0 ? reply.extra : undefined)),
  );
  if (reply.ending === 'hold') return;
  response.write(chunk({}, reply.finishReason ?? 'stop'));
  if (reply.usage) response.write(`data: ${JSON.stringify({ choices: [], usage: reply.usage })}\n\n`);
  if ((reply.ending ?? 'done') === 'done') response.write('data: [DONE]\n\n');
  response.end();
}

function whole(response: ServerResponse, reply: FakeCompletion): void {
  const body = {
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.pieces.join('') },
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    ...(reply.usage ? { usage: reply.usage } : {}),
  };
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startFakeOpenAiServer(options: FakeServerOptions = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (request, response) => {
    const closed = new Promise<{ early: boolean }>((resolve) =>
      response.on('close', () => resolve({ early: !response.writableFinished })),
    );
    const body = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body,
      closed,
    };
    requests.push(recorded);
    if (request.method === 'GET' && request.url === '/v1/models') {
      const data = (options.models ?? ['fake-model']).map((id) => ({
        id,
        object: 'model',
        owned_by: 'test',
      }));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data }));
      return;
    }
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
      return;
    }
    const reply = (options.respond ?? (() => hello))(recorded);
    if (reply.kind === 'failure') {
      response.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'application/json' });
      response.end(reply.body);
    } else if ((body as { stream?: unknown } | null)?.stream === true && !reply.whole)
      stream(response, reply);
    else whole(response, reply);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
