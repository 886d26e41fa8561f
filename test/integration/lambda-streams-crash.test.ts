// Durability of a DynamoDB stream event source mapping: kill -9 the CLI while the mapping is mid-stream, restart
// it on the same state directory, and check that every record is still processed, in order, with no gap (a
// batch in flight when atoll died is delivered again from the committed checkpoint).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { TEST_CREDENTIALS } from '../helpers/atoll.js';
import { type AtollProcess, freePort, killCli, startCli } from '../helpers/process.js';
import { waitFor } from '../helpers/util.js';
import { createFunction, lambdaClient } from './lambda-helpers.js';
import { batches, createTable, HANDLER, put } from './lambda-streams-helpers.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: Array<DynamoDBClient | LambdaClient> = [];

async function start(port: number, dir: string): Promise<{ ddb: DynamoDBClient; lambda: LambdaClient }> {
  const proc = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir]);
  running.push(proc);
  const ddb = new DynamoDBClient({
    endpoint: proc.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const lambda = lambdaClient(proc.endpoint);
  clients.push(ddb, lambda);
  return { ddb, lambda };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await killCli(p);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** First occurrence of each id, in the order the function first saw them (re-deliveries dropped). */
function firstSeen(log: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of log.flat()) {
    if (!seen.has(id)) out.push(id);
    seen.add(id);
  }
  return out;
}

describe('stream event source mapping crash recovery (kill -9)', () => {
  it('resumes from the checkpoint: every record processed in order, none skipped', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-esm-crash-'));
    dirs.push(dir);
    let { ddb, lambda } = await start(port, dir);
    const source = await createTable(ddb, 'NEW_IMAGE');
    const target = (await createTable(ddb)).name;
    await createFunction(
      lambda,
      'projector',
      { 'index.js': HANDLER },
      { Environment: { Variables: { TARGET: target, MODE: 'project', SLOW: '25' } }, Timeout: 10 },
    );
    const mapping = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'projector',
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 5,
      }),
    );
    const ids = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    for (const id of ids) await put(ddb, source.name, id, { n: { N: id.slice(1) } });
    // Mid-stream: some batches done, more to go.
    await waitFor(async () => (await batches(ddb, target)).flat().length >= 10, 15_000, 50);
    expect((await batches(ddb, target)).flat().length).toBeLessThan(ids.length);
    for (const c of clients.splice(0)) c.destroy();
    expect(await killCli(running.pop()!)).toBe('SIGKILL');

    ({ ddb, lambda } = await start(port, dir));
    const log = await waitFor(
      async () => {
        const l = await batches(ddb, target);
        return firstSeen(l).length >= ids.length && l;
      },
      20_000,
      100,
    );
    expect(firstSeen(log)).toEqual(ids);
    for (const id of [ids[0]!, ids[39]!]) {
      const item = await waitFor(async () => {
        const out = await ddb.send(new GetItemCommand({ TableName: target, Key: { id: { S: id } } }));
        return out.Item;
      });
      expect(item).toEqual({ id: { S: id }, n: { N: String(Number(id.slice(1))) } });
    }
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID! }));
    expect(got).toMatchObject({ State: 'Enabled', LastProcessingResult: 'OK' });
  }, 60_000);
});
