// Delivery of a trail's records to its S3 bucket as AWS writes them: gzipped `{"Records":[...]}` files, one per
// account and region per delivery, under [prefix/]AWSLogs/[orgId/]<account>/CloudTrail/<region>/YYYY/MM/DD/.
//
// Durability: each flushed batch adds the records a trail logs to cloudtrail_s3_pending in the same transaction
// as event history; the first record waiting for a trail schedules one durable job, due one delivery interval
// later (AWS delivers about every 5 minutes; ATOLL_CLOUDTRAIL_DELIVERY_MS shortens it). The job writes the files
// with PutObject as cloudtrail.amazonaws.com (aws:SourceArn = the trail), then forgets the records it wrote and
// schedules the next run if more are waiting: records are written at least once. A refused write (no bucket, a
// policy that no longer admits CloudTrail) is the trail's LatestDeliveryError; the records wait for the next try.
import { gzipSync } from 'node:zlib';
import { AwsError } from '../../protocol/errors.js';
import type { TrailRec } from './api.js';
import { deliveryCaller } from './bucket-check.js';
import { logFileKey } from './log-file.js';
import type { BuiltEvent } from './record.js';
import { trailReaches, trailSelects } from './selectors.js';
import type { CloudTrailState } from './state.js';
import type { PendingRecord } from './store.js';

export const S3_JOB = 'cloudtrail.s3';
const DEFAULT_INTERVAL_MS = 300_000;
/** Records per job run (a backlog is written by the next run at once). */
const MAX_RECORDS_PER_RUN = 5_000;

/** Time between a record's arrival and its log file: ATOLL_CLOUDTRAIL_DELIVERY_MS, else 5 minutes. */
export function deliveryIntervalMs(): number {
  const v = Number(process.env.ATOLL_CLOUDTRAIL_DELIVERY_MS);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_INTERVAL_MS;
}

const laneOf = (trailArn: string) => `${S3_JOB}:${trailArn}`;

function scheduleRun(state: CloudTrailState, trailArn: string, dueAt: number): void {
  state.core.scheduler.schedule(S3_JOB, dueAt, { trailArn }, undefined, laneOf(trailArn));
}

/** Inside the flush transaction: queue each record for the trails (with a bucket) that log it. */
export function queueLogRecords(state: CloudTrailState, batch: readonly BuiltEvent[], texts: readonly string[]): void {
  const trails = state.trails().filter((t) => t.logging && t.s3BucketName);
  if (trails.length === 0) return;
  const due = state.now() + deliveryIntervalMs();
  const seen = new Set<string>();
  batch.forEach((e, i) => {
    for (const t of trails) {
      if (!trailReaches(t, e, state.orgOf) || !trailSelects(t, e)) continue;
      if (!seen.has(t.arn)) {
        seen.add(t.arn);
        // A run is already due for a trail with waiting records (it reschedules itself while records remain).
        if (!state.store.hasPending(t.arn)) scheduleRun(state, t.arn, due);
      }
      state.store.addPending(t.arn, e.recipientAccountId, e.region, texts[i]!);
    }
  });
}

/** The gzipped body of a log file from records already serialized. */
function body(records: readonly PendingRecord[]): Uint8Array {
  return gzipSync(Buffer.from(`{"Records":[${records.map((r) => r.record).join(',')}]}`, 'utf8'));
}

interface Outcome {
  keys: string[];
  error?: string;
}

async function writeFiles(state: CloudTrailState, t: TrailRec, rows: PendingRecord[]): Promise<Outcome> {
  const now = state.now();
  const files = new Map<string, PendingRecord[]>();
  for (const r of rows) {
    const k = `${r.account_id}/${r.region}`;
    const list = files.get(k) ?? [];
    list.push(r);
    files.set(k, list);
  }
  const caller = deliveryCaller(t);
  const keys: string[] = [];
  try {
    // CloudTrail checks the bucket's ACL first; AWS also requires a bucket policy, even in the bucket's account.
    await state.core.call('s3', 'GetBucketAcl', { Bucket: t.s3BucketName }, caller);
    if (!state.core.service('s3')?.resourcePolicy?.(`arn:aws:s3:::${t.s3BucketName}`)) {
      return { keys, error: 'AccessDenied' };
    }
    for (const records of files.values()) {
      const first = records[0]!;
      const key = logFileKey(
        {
          bucket: t.s3BucketName,
          ...(t.s3KeyPrefix ? { prefix: t.s3KeyPrefix } : {}),
          accountId: first.account_id,
          region: first.region,
          ...(t.isOrganizationTrail && t.organizationId ? { organizationId: t.organizationId } : {}),
        },
        now,
      );
      await state.core.call(
        's3',
        'PutObject',
        {
          Bucket: t.s3BucketName,
          Key: key,
          Body: body(records),
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          ACL: 'bucket-owner-full-control',
        },
        caller,
      );
      keys.push(key);
    }
    return { keys };
  } catch (err) {
    // Transient failures are retried by the scheduler; a refusal is reported in GetTrailStatus.
    if (!(err instanceof AwsError) || err.fault === 'server') throw err;
    return { keys, error: err.code };
  }
}

/** SNS notification of delivered files (SnsTopicName): {"s3Bucket", "s3ObjectKey": [...]}, as AWS sends it. */
async function notify(state: CloudTrailState, t: TrailRec, keys: string[]): Promise<string | undefined> {
  try {
    await state.core.call(
      'sns',
      'Publish',
      { TopicArn: t.snsTopicArn!, Message: JSON.stringify({ s3Bucket: t.s3BucketName, s3ObjectKey: keys }) },
      deliveryCaller(t),
    );
    return undefined;
  } catch (err) {
    return err instanceof AwsError ? err.code : 'InternalFailure';
  }
}

export function registerS3Delivery(state: CloudTrailState): void {
  state.core.scheduler.register(
    S3_JOB,
    async (payload) => {
      const { trailArn } = payload as { trailArn: string };
      const t = state.trails().find((x) => x.arn === trailArn);
      if (!t) {
        state.core.store.tx(() => state.store.deletePending(trailArn));
        return;
      }
      const rows = state.store.pending(trailArn, MAX_RECORDS_PER_RUN);
      if (rows.length === 0) return;
      const result = await writeFiles(state, t, rows);
      const notified = t.snsTopicArn && result.keys.length > 0 ? await notify(state, t, result.keys) : null;
      const now = state.now();
      state.core.store.tx(() => {
        if (!result.error) state.store.deletePending(trailArn, rows[rows.length - 1]!.id);
        const cur = state.trails().find((x) => x.arn === trailArn);
        if (cur) state.store.putTrail(withStatus(cur, now, result, notified));
        if (state.store.hasPending(trailArn)) {
          const backlog = !result.error && rows.length === MAX_RECORDS_PER_RUN;
          scheduleRun(state, trailArn, backlog ? now : now + deliveryIntervalMs());
        }
      });
      state.invalidate();
    },
    { concurrency: 4 },
  );
}

function withStatus(t: TrailRec, now: number, r: Outcome, notified: string | undefined | null): TrailRec {
  const u: TrailRec = { ...t, latestDeliveryAttemptAt: now };
  if (r.error) u.latestDeliveryError = r.error;
  else {
    u.latestDeliveryAt = now;
    delete u.latestDeliveryError;
  }
  if (notified !== null) {
    u.latestNotificationAttemptAt = now;
    if (notified === undefined) {
      u.latestNotificationAt = now;
      delete u.latestNotificationError;
    } else u.latestNotificationError = notified;
  }
  return u;
}
