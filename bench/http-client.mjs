// Minimal HTTP/1.1 client over one raw TCP socket, used by the load generator.
// Why not node:http: its client costs several times more CPU per request than the servers we measure
// (a bare node:http server included), and the load generator shares the machine's 2 cores with the target.
// Requests are pre-serialized Buffers; we only parse the status line, Content-Length / chunked framing and
// `Connection: close` (moto's dev server closes after every response, so we transparently reconnect).
import net from 'node:net';

const CRLFCRLF = Buffer.from('\r\n\r\n');

export class Connection {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.socket = null;
    this.pending = null; // { resolve, reject } of the in-flight request (closed loop: at most one)
    this.buf = null;
    this.connects = 0;
  }

  /** Sends a fully serialized request; resolves { status, body: Buffer }. */
  request(bytes) {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.buf = null;
      this.head = null;
      if (!this.socket) this.connect();
      this.socket.write(bytes);
    });
  }

  connect() {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    // Events of a socket we already dropped (e.g. after `Connection: close`) must not touch the next request.
    socket.on('data', (chunk) => this.socket === socket && this.onData(chunk));
    socket.on('error', (err) => this.socket === socket && this.fail(err));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      // Body framed by connection close (no Content-Length, not chunked).
      if (this.pending && this.head && this.head.untilClose) return this.finish(this.buf.subarray(this.head.bodyStart));
      this.fail(new Error('connection closed before response completed'));
    });
    this.socket = socket;
    this.connects++;
  }

  fail(err) {
    const p = this.pending;
    this.pending = null;
    const s = this.socket;
    this.socket = null;
    if (s) s.destroy();
    if (p) p.reject(err);
  }

  finish(body) {
    const p = this.pending;
    this.pending = null;
    if (this.head.close && this.socket) {
      const s = this.socket;
      this.socket = null;
      s.destroy();
    }
    p.resolve({ status: this.head.status, body });
  }

  onData(chunk) {
    if (!this.pending) return; // stray bytes after a completed response: ignore
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    if (!this.head) {
      const end = this.buf.indexOf(CRLFCRLF);
      if (end < 0) return;
      this.head = parseHead(this.buf.toString('latin1', 0, end), end + 4);
    }
    const { head, buf } = this;
    if (head.length >= 0) {
      if (buf.length >= head.bodyStart + head.length)
        this.finish(buf.subarray(head.bodyStart, head.bodyStart + head.length));
    } else if (head.chunked) {
      const body = parseChunked(buf, head.bodyStart);
      if (body) this.finish(body);
    }
  }

  close() {
    const s = this.socket;
    this.socket = null;
    if (s) s.destroy();
  }
}

function parseHead(text, bodyStart) {
  const lines = text.split('\r\n');
  const [version, code] = lines[0].split(' ');
  const head = { status: Number(code), bodyStart, length: -1, chunked: false, close: version === 'HTTP/1.0' };
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i]
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') head.length = Number(value);
    else if (name === 'transfer-encoding') head.chunked = value.includes('chunked');
    else if (name === 'connection') head.close = value === 'close';
  }
  if (head.status === 204 || head.status === 304) head.length = 0;
  head.untilClose = head.length < 0 && !head.chunked;
  if (head.untilClose) head.close = true;
  return head;
}

/** Returns the de-chunked body, or null if more bytes are needed. Trailers are not supported (never sent here). */
function parseChunked(buf, pos) {
  const parts = [];
  for (;;) {
    const eol = buf.indexOf('\r\n', pos, 'latin1');
    if (eol < 0) return null;
    const size = parseInt(buf.toString('latin1', pos, eol), 16);
    if (size === 0) return buf.length >= eol + 4 ? Buffer.concat(parts) : null;
    if (buf.length < eol + 2 + size + 2) return null;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}
