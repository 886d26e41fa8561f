// The HTTP front: reads bodies (bounded), answers operator endpoints under /_atoll/, hands everything else
// to the pipeline, and shuts down without cutting in-flight requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommonErrors } from '../protocol/errors.js';
import { serializeQueryError } from '../protocol/query.js';
import type { Pipeline, RawResponse } from './pipeline.js';
import { MAX_SPOOLED_BYTES, removeSpool, shouldSpool, spoolBody } from './spool.js';
import { StreamBody } from './stream-body.js';

export interface OperatorApi {
  health(): Record<string, unknown>;
  reset(): void;
  /** /_atoll/<service>/<subPath>: a service's plain HTTP endpoints. */
  serviceRoute(service: string, method: string, subPath: string, body: Buffer): Promise<RawResponse | undefined>;
}

export interface HttpFrontOptions {
  pipeline: Pipeline;
  operator: OperatorApi;
  maxBodyBytes: number;
}

export class HttpFront {
  readonly server: http.Server;
  /** Aborted on shutdown: long polls end and answer at once. */
  private readonly shutdown = new AbortController();

  constructor(private readonly opts: HttpFrontOptions) {
    this.server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => this.onRequest(req, res));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections, ends long polls, and resolves when in-flight requests have answered. */
  close(): Promise<void> {
    this.shutdown.abort();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      // Answers given while closing carry `Connection: close`; this only cuts a client that never reads.
      setTimeout(() => this.server.closeAllConnections(), 5_000).unref();
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    if (rawPath.startsWith('/_atoll/')) return this.operator(req, res, rawPath);
    if (shouldSpool(req.method, req.headers, rawQuery)) return this.spooled(req, res, rawPath, rawQuery);

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxBodyBytes) return this.tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.opts.maxBodyBytes && !aborted) {
        aborted = true;
        this.tooLarge(req, res);
        return;
      }
      if (!aborted) chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const signal = this.requestSignal(res);
      this.opts.pipeline
        .handle({
          method: req.method ?? 'GET',
          rawPath,
          rawQuery,
          headers: req.headers,
          body,
          signal,
          remoteAddress: req.socket.remoteAddress,
        })
        .then((out) => {
          if (this.shutdown.signal.aborted) out.headers.connection = 'close';
          send(res, out);
        })
        .catch(() => send(res, internal()));
    });
  }

  /** Large S3 uploads: the body goes to a temp file, removed before the answer is sent. */
  private spooled(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string, rawQuery: string): void {
    spoolBody(req, MAX_SPOOLED_BYTES).then(
      (file) => {
        const { method = 'PUT', headers } = req;
        const signal = this.requestSignal(res);
        const body = Buffer.alloc(0);
        this.opts.pipeline
          .handle({
            method,
            rawPath,
            rawQuery,
            headers,
            body,
            signal,
            bodyFile: file,
            bodySha256: file.sha256,
            remoteAddress: req.socket.remoteAddress,
          })
          // The spool file goes before the answer: a process killed right after acknowledging leaves no orphan.
          .then(
            (out) => removeSpool(file.path).then(() => send(res, out)),
            () => removeSpool(file.path).then(() => send(res, internal())),
          );
      },
      () => {
        if (!res.headersSent) this.tooLarge(req, res);
      },
    );
  }

  /**
   * Aborts when the client goes away before the answer, or when atoll shuts down. Built on first use only:
   * most requests never wait, and AbortSignal.any is costly on the hot path.
   */
  private requestSignal(res: http.ServerResponse): () => AbortSignal {
    let signal: AbortSignal | undefined;
    return () => {
      if (!signal) {
        const ac = new AbortController();
        res.on('close', () => {
          if (!res.writableFinished) ac.abort();
        });
        signal = AbortSignal.any([ac.signal, this.shutdown.signal]);
      }
      return signal;
    };
  }

  private tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
    const err = CommonErrors.requestEntityTooLarge(this.opts.maxBodyBytes);
    send(res, {
      status: 413,
      headers: { 'content-type': 'text/xml', connection: 'close' },
      body: serializeQueryError(undefined, err, ''),
    });
    req.resume();
  }

  private operator(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const m = /^\/_atoll\/([a-z0-9-]+)\/(.*)$/.exec(path);
        if (m) {
          // A service's endpoint may need its code loaded first.
          this.opts.operator.serviceRoute(m[1]!, req.method ?? 'GET', m[2]!, Buffer.concat(chunks)).then(
            (out) =>
              send(res, out ?? jsonResponse(404, { error: 'NotFound', message: `no operator endpoint ${path}` })),
            (e: unknown) => send(res, jsonResponse(500, { error: 'InternalFailure', message: (e as Error).message })),
          );
          return;
        }
        if (path === '/_atoll/health' && (req.method === 'GET' || req.method === 'HEAD')) {
          return sendJson(res, 200, this.opts.operator.health());
        }
        if (path === '/_atoll/reset' && req.method === 'POST') {
          this.opts.operator.reset();
          return sendJson(res, 200, { reset: true });
        }
        sendJson(res, 404, { error: 'NotFound', message: `no operator endpoint ${req.method ?? ''} ${path}` });
      } catch (e) {
        sendJson(res, 500, { error: 'InternalFailure', message: (e as Error).message });
      }
    });
  }
}

function internal(): RawResponse {
  const err = CommonErrors.internalFailure();
  return { status: 500, headers: { 'content-type': 'text/xml' }, body: serializeQueryError(undefined, err, '') };
}

function send(res: http.ServerResponse, out: RawResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = out.body;
  if (body instanceof StreamBody) {
    out.headers['content-length'] = String(body.length);
    res.writeHead(out.status, out.headers);
    const stream = body.open();
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return;
  }
  // A HEAD answer declares the length of the body it does not send (S3's HeadObject).
  if (out.headers['content-length'] === undefined || body.length > 0) {
    // A string body leaves with the head in one socket write (node joins them); a Buffer needs a writev.
    out.headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length);
  }
  res.writeHead(out.status, out.headers);
  res.end(body);
}

function jsonResponse(status: number, value: unknown): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, jsonResponse(status, value));
}
