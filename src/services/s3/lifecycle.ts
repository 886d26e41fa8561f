// Lifecycle rules executed by a durable job per bucket (armed when the configuration is stored, re-armed hourly):
// Expiration (Date, or Days rounded up to the next midnight UTC as S3 does) of current versions, and
// AbortIncompleteMultipartUpload. Transitions and noncurrent-version rules are stored but not executed.
import type { LifecycleRule } from '../../../generated/s3/types.js';
import { deleteOne } from './objects.js';
import type { S3Service } from './service.js';

const JOB = 's3.lifecycle';
const HOUR = 3_600_000;
const DAY = 86_400_000;

function nextMidnight(ms: number): number {
  return Math.ceil(ms / DAY) * DAY;
}

interface Scope {
  prefix: string;
  tags: Array<{ Key: string; Value: string }>;
  min?: number;
  max?: number;
}

function scopeOf(rule: LifecycleRule): Scope {
  const f = rule.Filter;
  const and = f?.And;
  return {
    prefix: f?.Prefix ?? and?.Prefix ?? rule.Prefix ?? '',
    tags: f?.Tag ? [f.Tag] : (and?.Tags ?? []),
    ...((f?.ObjectSizeGreaterThan ?? and?.ObjectSizeGreaterThan) !== undefined
      ? { min: f?.ObjectSizeGreaterThan ?? and?.ObjectSizeGreaterThan }
      : {}),
    ...((f?.ObjectSizeLessThan ?? and?.ObjectSizeLessThan) !== undefined
      ? { max: f?.ObjectSizeLessThan ?? and?.ObjectSizeLessThan }
      : {}),
  };
}

export class Lifecycle {
  constructor(private readonly svc: S3Service) {
    svc.core.scheduler.register(JOB, (payload) => this.run((payload as { bucket: string }).bucket));
  }

  /** Call inside the transaction that stores the configuration. */
  arm(bucket: string): void {
    this.svc.core.scheduler.schedule(JOB, this.svc.now(), { bucket }, `${JOB}:${bucket}`);
  }

  disarm(bucket: string): void {
    this.svc.core.scheduler.cancel(`${JOB}:${bucket}`);
  }

  private run(name: string): void {
    const svc = this.svc;
    const bucket = svc.db.bucket(name);
    const text = bucket ? svc.db.config(name, 'lifecycle') : undefined;
    if (!bucket || !text) return;
    const now = svc.now();
    const rules = (JSON.parse(text) as { Rules: LifecycleRule[] }).Rules.filter((r) => r.Status === 'Enabled');
    for (const rule of rules) {
      const scope = scopeOf(rule);
      const exp = rule.Expiration;
      const date = exp?.Date ? new Date(exp.Date).getTime() : undefined;
      if (exp && (exp.Days !== undefined || (date !== undefined && date <= now))) {
        let after = '';
        for (;;) {
          const rows = svc.db.listLatest(name, after, scope.prefix, 1000);
          if (rows.length === 0) break;
          for (const row of rows) {
            if (!row.key.startsWith(scope.prefix)) break;
            after = row.key;
            const due = date ?? nextMidnight(row.last_modified + (exp.Days ?? 0) * DAY);
            if (due > now || (scope.min !== undefined && row.size <= scope.min)) continue;
            if (scope.max !== undefined && row.size >= scope.max) continue;
            const tags = (JSON.parse(row.meta) as { tags?: Record<string, string> }).tags ?? {};
            if (!scope.tags.every((t) => tags[t.Key] === t.Value)) continue;
            // S3 does not replicate delete markers that lifecycle expiration creates.
            svc.replicator.unreplicated(() => deleteOne(svc, bucket, row.key, undefined, undefined));
          }
          if (rows.length < 1000 || !rows[rows.length - 1]!.key.startsWith(scope.prefix)) break;
        }
      }
      const abortDays = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
      if (abortDays !== undefined) {
        for (const u of svc.db.uploads(name, scope.prefix, '', '\uffff', 10_000)) {
          if (!u.key.startsWith(scope.prefix) || nextMidnight(u.initiated + abortDays * DAY) > now) continue;
          const parts = svc.db.parts(u.upload_id, 0, 10_001);
          svc.db.tx(() => svc.db.deleteUpload(u.upload_id));
          svc.removeBlobs(parts.map((p) => p.blob));
        }
      }
    }
    svc.db.tx(() => svc.core.scheduler.schedule(JOB, now + HOUR, { bucket: name }, `${JOB}:${name}`));
  }
}
