// Starts one atoll per test file (in-process, on a free port) and hands out SDK clients pointed at it.
import { afterAll, beforeAll } from 'vitest';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startAtoll } from '../../src/index.js';

export interface AtollHandle {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  reset(): void;
}

export type AtollOptions = NonNullable<Parameters<typeof startAtoll>[0]>;

export interface ClientOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
}

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const DEFAULT_ACCOUNT = '000000000000';

/** An SQSClient for `endpoint`; retries are off so every error surfaces as the server sent it. */
export function sqsClient(endpoint: string, opts: ClientOptions = {}): SQSClient {
  return new SQSClient({
    endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: {
      accessKeyId: opts.accessKeyId ?? TEST_CREDENTIALS.accessKeyId,
      secretAccessKey: opts.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
    },
    maxAttempts: 1,
  });
}

export interface AtollContext {
  /** The running atoll (available inside tests and hooks, not at collection time). */
  readonly atoll: AtollHandle;
  readonly endpoint: string;
  /** The default client: key `test`, region us-east-1, default account. */
  readonly sqs: SQSClient;
  /** A new client with other credentials or region (destroyed with the atoll). */
  client(opts?: ClientOptions): SQSClient;
}

/** Registers beforeAll/afterAll hooks that start atoll for this test file and stop it afterwards. */
export function useAtoll(opts: AtollOptions = {}): AtollContext {
  let handle: AtollHandle | undefined;
  let defaultClient: SQSClient | undefined;
  const clients: SQSClient[] = [];

  beforeAll(async () => {
    handle = await startAtoll({ port: 0, ...opts });
    defaultClient = sqsClient(handle.endpoint);
    clients.push(defaultClient);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await handle?.stop();
  });

  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('atoll is not started yet: use the context inside tests or hooks');
    return v;
  };

  return {
    get atoll() {
      return need(handle);
    },
    get endpoint() {
      return need(handle).endpoint;
    },
    get sqs() {
      return need(defaultClient);
    },
    client(clientOpts: ClientOptions = {}) {
      const c = sqsClient(need(handle).endpoint, clientOpts);
      clients.push(c);
      return c;
    },
  };
}
