import { ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../../../src/auth/sigv4.js';
import { ACCOUNT, AKID, SECRET, baseRequest, creds, opts, presigned, signed, toParts } from './helpers.js';

/** Captures the fully signed request the real SDK would send. */
async function captureSdkRequest(command: ListQueuesCommand | SendMessageCommand): Promise<HttpRequest> {
  let captured: HttpRequest | undefined;
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: 'http://localhost:4566',
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
    requestHandler: {
      handle: async (req: HttpRequest) => {
        captured = req;
        throw new Error('captured');
      },
    },
    maxAttempts: 1,
  });
  await client.send(command as ListQueuesCommand).catch(() => undefined);
  if (!captured) throw new Error('no request captured');
  return captured;
}

describe('real @aws-sdk/client-sqs requests', () => {
  it('verifies ListQueues and SendMessage signed by the SDK', async () => {
    for (const cmd of [
      new ListQueuesCommand({ QueueNamePrefix: 'a b+c' }),
      new SendMessageCommand({ QueueUrl: 'http://localhost:4566/000000000000/q', MessageBody: 'héllo ✓ & <x>' }),
    ]) {
      const req = await captureSdkRequest(cmd);
      const parts = toParts(req);
      const res = authenticate(parts, creds, { ...opts, now: new Date() });
      expect(res).toMatchObject({ accessKeyId: AKID, accountId: ACCOUNT, service: 'sqs', method: 'header' });
      parts.body = Buffer.concat([parts.body, Buffer.from(' ')]);
      expect(() => authenticate(parts, creds, { ...opts, now: new Date() })).toThrow(/does not match/);
    }
  });
});

/** Deterministic PRNG so failures are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = [
  'a',
  'Z',
  '0',
  '-',
  '_',
  '.',
  '~',
  ' ',
  '+',
  '/',
  '=',
  '&',
  '%',
  '*',
  "'",
  '(',
  'é',
  '✓',
  '日',
  '😀',
  ':',
  '@',
  '?',
];

function randStr(r: () => number, max: number, allowEmpty = true): string {
  const n = Math.floor(r() * (max + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s === '' && !allowEmpty ? 'k' : s;
}

function wirePathSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

describe('randomised comparison with @smithy/signature-v4', () => {
  it('verifies 300 random header-signed and presigned requests', async () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const service = ['sqs', 's3', 'lambda', 'sns'][i % 4]!;
      const query: Record<string, string | string[]> = {};
      const nq = Math.floor(r() * 4);
      for (let j = 0; j < nq; j++) {
        const k = randStr(r, 5, false);
        query[k] = r() < 0.2 ? [randStr(r, 4), randStr(r, 4)] : randStr(r, 6);
      }
      const path =
        '/' + Array.from({ length: 1 + Math.floor(r() * 3) }, () => wirePathSegment(randStr(r, 5, false))).join('/');
      const headers: Record<string, string> = { 'x-amz-meta-a': ` ${randStr(r, 4, false)}  ${randStr(r, 3, false)} ` };
      if (service === 's3') headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      const method = r() < 0.5 ? 'GET' : 'POST';
      const body = method === 'POST' ? randStr(r, 20) : undefined;
      const req = baseRequest({ method, path, query, headers, ...(body !== undefined ? { body } : {}) });
      const parts = i % 3 === 0 ? await presigned(req, { service }) : await signed(req, { service });
      try {
        expect(authenticate(parts, creds, opts).accountId).toBe(ACCOUNT);
      } catch (e) {
        throw new Error(`case ${i} (${service} ${method} ${path} ?${parts.rawQuery}) failed: ${String(e)}`);
      }
    }
  });
});
