// CloudTrail's S3 delivery is durable: records accepted (written to event history) before a kill -9 reach the
// trail's bucket after the restart, through the scheduler's persisted job.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CloudTrailClient,
  CreateTrailCommand,
  LookupEventsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../helpers/atoll.js';
import { type AtollProcess, cliBuilt, freePort, killCli, startCli } from '../helpers/process.js';
import { createTrailBucket } from './cloudtrail-helpers.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
afterAll(async () => {
  for (const p of running) await killCli(p);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const opts = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(port: number, dir: string): Promise<AtollProcess> {
  // The first delivery is due 15 s after the records: long enough to crash before it on a loaded machine.
  const p = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir], {
    ATOLL_CLOUDTRAIL_DELIVERY_MS: '15000',
  });
  running.push(p);
  return p;
}

describe('CloudTrail S3 delivery across kill -9', () => {
  it.skipIf(!cliBuilt())(
    'writes the log file of records accepted before the crash after the restart',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-ct-crash-'));
      dirs.push(dir);
      const port = await freePort();
      let p = await start(port, dir);
      await createTrailBucket(p.endpoint, TEST_CREDENTIALS, 'ct-crash-logs');
      const ct = new CloudTrailClient(opts(p.endpoint));
      await ct.send(new CreateTrailCommand({ Name: 'crash-trail', S3BucketName: 'ct-crash-logs' }));
      await ct.send(new StartLoggingCommand({ Name: 'crash-trail' }));
      await new SQSClient(opts(p.endpoint)).send(new CreateQueueCommand({ QueueName: 'ct-crash-marker' }));
      // LookupEvents writes the buffered records: from here on they are accepted.
      const seen = await ct.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'ct-crash-marker' }],
        }),
      );
      expect(seen.Events?.map((e) => e.EventName)).toContain('CreateQueue');
      const s3 = new S3Client({ ...opts(p.endpoint), forcePathStyle: true });
      const before = await s3.send(new ListObjectsV2Command({ Bucket: 'ct-crash-logs' }));
      expect(before.KeyCount).toBe(0);
      await killCli(p);

      p = await start(port, dir);
      const after = new S3Client({ ...opts(p.endpoint), forcePathStyle: true });
      const deadline = Date.now() + 90_000;
      let records: Array<{ eventName: string; requestParameters?: { queueName?: string } }> = [];
      while (Date.now() < deadline && !records.some((r) => r.requestParameters?.queueName === 'ct-crash-marker')) {
        const list = await after.send(new ListObjectsV2Command({ Bucket: 'ct-crash-logs', Prefix: 'AWSLogs/' }));
        records = [];
        for (const o of list.Contents ?? []) {
          const obj = await after.send(new GetObjectCommand({ Bucket: 'ct-crash-logs', Key: o.Key! }));
          const text = gunzipSync(await obj.Body!.transformToByteArray()).toString('utf8');
          records.push(...(JSON.parse(text) as { Records: typeof records }).Records);
        }
        await sleep(500);
      }
      const marker = records.find((r) => r.requestParameters?.queueName === 'ct-crash-marker');
      expect(marker?.eventName).toBe('CreateQueue');
    },
    150_000,
  );
});
