// Delivery of a trail's events to CloudWatch Logs: each flushed batch schedules one durable job per log stream
// (`<account>_CloudTrail_<region>`, one log event per record), run at least once by the scheduler. S3 log files:
// s3-delivery.ts.
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../types.js';
import type { TrailRec } from './api.js';
import type { BuiltEvent } from './record.js';
import { trailReaches, trailSelects } from './selectors.js';
import type { CloudTrailState } from './state.js';

export const CWL_JOB = 'cloudtrail.cwl';

export interface CwlPayload {
  trailArn: string;
  accountId: string;
  region: string;
  group: string;
  stream: string;
  events: Array<{ timestamp: number; message: string }>;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(:\*)?$/;

export function parseLogGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = LOG_GROUP_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** AWS's stream per account and region; organization trails prefix member accounts' streams with the org id. */
export function streamName(t: TrailRec, e: BuiltEvent): string {
  const org = e.recipientAccountId !== t.accountId && t.organizationId ? `${t.organizationId}_` : '';
  return `${org}${e.recipientAccountId}_CloudTrail_${e.region}`;
}

/** Inside the flush transaction: one job per (trail, stream) for the events the trail logs. */
export function scheduleDeliveries(
  state: CloudTrailState,
  batch: readonly BuiltEvent[],
  texts: readonly string[],
): void {
  const trails = state.trails().filter((t) => t.logging && t.cloudWatchLogsLogGroupArn);
  if (trails.length === 0) return;
  const jobs = new Map<string, CwlPayload>();
  batch.forEach((e, i) => {
    for (const t of trails) {
      if (!trailReaches(t, e, state.orgOf) || !trailSelects(t, e)) continue;
      const group = parseLogGroupArn(t.cloudWatchLogsLogGroupArn!);
      if (!group) continue;
      const stream = streamName(t, e);
      const key = `${t.arn}\u0000${stream}`;
      let job = jobs.get(key);
      if (!job) {
        job = {
          trailArn: t.arn,
          accountId: group.accountId,
          region: group.region,
          group: group.name,
          stream,
          events: [],
        };
        jobs.set(key, job);
      }
      job.events.push({ timestamp: e.time, message: texts[i]! });
    }
  });
  const now = state.now();
  for (const job of jobs.values()) state.core.scheduler.schedule(CWL_JOB, now, job);
}

// PutLogEvents limits: 10,000 events and 1,048,576 bytes (message bytes + 26 per event) per call.
const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_000_000;

function chunks(events: CwlPayload['events']): Array<CwlPayload['events']> {
  const out: Array<CwlPayload['events']> = [];
  let cur: CwlPayload['events'] = [];
  let size = 0;
  for (const ev of [...events].sort((a, b) => a.timestamp - b.timestamp)) {
    const bytes = Buffer.byteLength(ev.message) + 26;
    if (cur.length > 0 && (cur.length >= MAX_EVENTS || size + bytes > MAX_BYTES)) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(ev);
    size += bytes;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

export function registerDelivery(state: CloudTrailState): void {
  state.core.scheduler.register(CWL_JOB, async (payload) => {
    const p = payload as CwlPayload;
    const caller: Caller = { accountId: p.accountId, region: p.region };
    let error: string | undefined;
    try {
      await state.core
        .call('logs', 'CreateLogStream', { logGroupName: p.group, logStreamName: p.stream }, caller)
        .catch((err: unknown) => {
          if (!(err instanceof AwsError && err.code === 'ResourceAlreadyExistsException')) throw err;
        });
      for (const part of chunks(p.events)) {
        await state.core.call(
          'logs',
          'PutLogEvents',
          { logGroupName: p.group, logStreamName: p.stream, logEvents: part },
          caller,
        );
      }
    } catch (err) {
      // A missing group or a refused write is the trail's delivery error (GetTrailStatus), not a retry loop.
      if (!(err instanceof AwsError) || err.fault === 'server') throw err;
      error = err.code;
    }
    const t = state.trails().find((x) => x.arn === p.trailArn);
    if (!t) return;
    const updated: TrailRec = { ...t };
    if (error) updated.latestCloudWatchLogsDeliveryError = error;
    else {
      updated.latestCloudWatchLogsDeliveryAt = state.now();
      delete updated.latestCloudWatchLogsDeliveryError;
    }
    state.saveTrail(updated);
  });
}
