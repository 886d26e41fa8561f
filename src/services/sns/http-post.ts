// One HTTP/S POST to a subscriber, bounded by a timeout (AWS gives an endpoint 15 s to answer).
import http from 'node:http';
import https from 'node:https';

const TIMEOUT_MS = 15_000;

/** Resolves with the status code; rejects on connection errors and timeouts. */
export function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const lib = u.protocol === 'https:' ? https : http;
    const data = Buffer.from(body, 'utf8');
    const req = lib.request(
      u,
      { method: 'POST', headers: { ...headers, 'content-length': String(data.length) }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(data);
  });
}
