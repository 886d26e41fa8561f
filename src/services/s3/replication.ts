// Live replication: a new version (object or delete marker) in a bucket with a replication configuration gets
// replication status PENDING and one durable job per destination bucket, scheduled in the version's own
// transaction. The job acts as the configuration's role (assumed through STS when the role exists, its
// permissions and the destination's bucket policy checked by IAM's policy simulator; without the role, as the
// source account) and writes the replica with the same version id and status REPLICA, then marks the source
// COMPLETED, or FAILED when the destination is gone, unversioned or refuses. Tag changes follow replicated
// versions. With Replication Time Control, a replication later than the 15-minute threshold (scaled by
// ATOLL_S3_REPLICATION_TIME_SCALE) raises s3:Replication:OperationMissedThreshold and
// OperationReplicatedAfterThreshold events; failures raise OperationFailedReplication when metrics are on.
import { randomUUID } from 'node:crypto';
import type { ReplicationConfiguration, ReplicationRule } from '../../../generated/s3/types.js';
import { AwsError } from '../../protocol/errors.js';
import type { Caller, RequestContext } from '../types.js';
import { destinationBucket, matchingRules, replicatesDeleteMarkers } from './replication-config.js';
import type { EventName } from './notifications.js';
import { metaOf, type S3Service } from './service.js';
import type { BucketRow, ObjectMeta, ObjectRow, ReplicationStatus } from './store.js';

const JOB = 's3.replicate';
const S3_PRINCIPAL = 'arn:aws:iam::aws:service/s3.amazonaws.com';
const RTC_THRESHOLD_MS = 15 * 60_000;

type Operation = 'object' | 'tags';

interface Job {
  source: string;
  key: string;
  versionId: string;
  dest: string;
  op: Operation;
  ruleId: string;
  role: string;
  storageClass?: string;
  /** When the source version was written (RTC measures from here). */
  created: number;
  rtc: boolean;
  metrics: boolean;
}

/** Why a replication failed, as S3's failure events name it. */
class ReplicationFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function timeScale(): number {
  const s = Number(process.env.ATOLL_S3_REPLICATION_TIME_SCALE ?? '1');
  return Number.isFinite(s) && s >= 0 ? s : 1;
}

export class Replicator {
  constructor(private readonly svc: S3Service) {
    svc.core.scheduler.register(JOB, (payload) => this.run(payload as Job), { concurrency: 4 });
  }

  /** Set while S3 itself writes versions that must not replicate (lifecycle expiration's delete markers). */
  private suppressed = false;

  /** Runs a synchronous write whose new versions are not replicated. */
  unreplicated<T>(fn: () => T): T {
    this.suppressed = true;
    try {
      return fn();
    } finally {
      this.suppressed = false;
    }
  }

  private config(bucket: string): ReplicationConfiguration | undefined {
    const text = this.svc.db.config(bucket, 'replication');
    return text ? (JSON.parse(text) as ReplicationConfiguration) : undefined;
  }

  /**
   * Called inside the transaction that records a new version: answers the metadata to store (replication
   * fields of a copied source dropped; PENDING when rules apply) and schedules the replication jobs.
   */
  onNewVersion(
    bucket: BucketRow,
    row: { key: string; delete_marker: number; meta: string },
    versionId: string,
  ): string {
    const meta = JSON.parse(row.meta) as ObjectMeta & Record<string, unknown>;
    delete meta.replicationStatus;
    delete meta.replication;
    const config = bucket.versioning === 'Enabled' && !this.suppressed ? this.config(bucket.name) : undefined;
    // SSE-KMS and SSE-C objects are not replicated (SourceSelectionCriteria is not implemented).
    if (!config || meta.kms !== undefined || meta.ssec !== undefined) return JSON.stringify(meta);
    let rules = matchingRules(config, row.key, row.delete_marker ? {} : (meta.tags ?? {}));
    if (row.delete_marker) rules = rules.filter(replicatesDeleteMarkers);
    if (rules.length === 0) return JSON.stringify(meta);
    const now = this.svc.now();
    for (const r of rules) this.schedule(bucket, config, r, row.key, versionId, 'object', now);
    // Delete markers carry no replication status of their own.
    if (!row.delete_marker) {
      meta.replicationStatus = 'PENDING';
      meta.replication = {
        dests: Object.fromEntries(rules.map((r) => [destinationBucket(r), 'PENDING'])),
        created: now,
      };
    }
    return JSON.stringify(meta);
  }

  /** Tag changes on a replicated version follow to its replicas (inside the tagging transaction). */
  onTagsChanged(bucket: BucketRow, row: ObjectRow): void {
    const meta = metaOf(row);
    const config = this.config(bucket.name);
    if (!config || !meta.replication) return;
    for (const r of config.Rules) {
      const dest = destinationBucket(r);
      if (r.Status === 'Enabled' && meta.replication.dests[dest] !== undefined) {
        this.schedule(bucket, config, r, row.key, row.version_id, 'tags', meta.replication.created);
      }
    }
  }

  private schedule(
    bucket: BucketRow,
    config: ReplicationConfiguration,
    rule: ReplicationRule,
    key: string,
    versionId: string,
    op: Operation,
    created: number,
  ): void {
    const d = rule.Destination;
    const job: Job = {
      source: bucket.name,
      key,
      versionId,
      dest: destinationBucket(rule),
      op,
      ruleId: rule.ID ?? '',
      role: config.Role,
      ...(d.StorageClass ? { storageClass: d.StorageClass } : {}),
      created,
      rtc: d.ReplicationTime?.Status === 'Enabled',
      metrics: d.Metrics?.Status === 'Enabled',
    };
    // One lane per destination key keeps a key's versions arriving in order.
    this.svc.core.scheduler.schedule(JOB, this.svc.now(), job, undefined, `${job.dest}\u0000${key}`);
  }

  private async run(job: Job): Promise<void> {
    const source = this.svc.db.bucket(job.source);
    const row = source ? this.svc.db.version(job.source, job.key, job.versionId) : undefined;
    if (!source || !row) return; // the source version is gone: nothing left to replicate
    try {
      const dest = this.svc.db.bucket(job.dest);
      if (!dest) throw new ReplicationFailure('DstBucketNotFound');
      if (dest.versioning !== 'Enabled') throw new ReplicationFailure('DstBucketUnversioned');
      await this.authorize(job, source, dest, row);
      if (job.op === 'tags') this.copyTags(job, row);
      else await this.copyVersion(job, row);
      if (job.op === 'object' && !row.delete_marker) this.finish(job, source, 'COMPLETED');
    } catch (err) {
      if (!(err instanceof ReplicationFailure)) throw err; // unexpected: retried by the scheduler
      if (job.op === 'object' && !row.delete_marker) this.finish(job, source, 'FAILED', err.reason);
    }
  }

  /** The role replicates when it exists (STS checks its trust policy); else the source account does. */
  private async authorize(job: Job, source: BucketRow, dest: BucketRow, row: ObjectRow): Promise<void> {
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(job.role);
    const roleAccount = m?.[1] ?? source.account_id;
    const asRoot: Caller = { accountId: roleAccount, region: source.region };
    const exists = m
      ? await this.svc.core.call('iam', 'GetRole', { RoleName: m[2]! }, asRoot).then(
          () => true,
          () => false,
        )
      : false;
    const action =
      job.op === 'tags' ? 's3:ReplicateTags' : row.delete_marker ? 's3:ReplicateDelete' : 's3:ReplicateObject';
    const destArn = `arn:aws:s3:::${dest.name}/${job.key}`;
    const policy = this.svc.db.config(dest.name, 'policy');
    const resource = {
      ...(policy ? { ResourcePolicy: policy } : {}),
      ResourceOwner: `arn:aws:iam::${dest.account_id}:root`,
    };
    if (!exists) {
      if (dest.account_id === source.account_id) return;
      // Another account's bucket: its policy must grant the source account.
      const r = await this.simulate('SimulateCustomPolicy', asRoot, {
        PolicyInputList: [
          JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
        ],
        CallerArn: `arn:aws:iam::${source.account_id}:root`,
        ActionNames: [action],
        ResourceArns: [destArn],
        ...resource,
      });
      if (!r) throw new ReplicationFailure('DstPutObjectNotPermitted');
      return;
    }
    const service: Caller = {
      accountId: roleAccount,
      region: source.region,
      principal: { accountId: roleAccount, arn: S3_PRINCIPAL, accessKeyId: '', anonymous: false },
      sourceArn: `arn:aws:s3:::${source.name}`,
    };
    try {
      await this.svc.core.call('sts', 'AssumeRole', { RoleArn: job.role, RoleSessionName: 's3-replication' }, service);
    } catch (e) {
      if (e instanceof AwsError) throw new ReplicationFailure('AssumeRoleNotPermitted');
      throw e;
    }
    const read = await this.simulate('SimulatePrincipalPolicy', asRoot, {
      PolicySourceArn: job.role,
      ActionNames: [job.op === 'tags' ? 's3:GetObjectVersionTagging' : 's3:GetObjectVersionForReplication'],
      ResourceArns: [`arn:aws:s3:::${source.name}/${job.key}`],
    });
    if (!read) throw new ReplicationFailure('SrcGetObjectNotPermitted');
    const write = await this.simulate('SimulatePrincipalPolicy', asRoot, {
      PolicySourceArn: job.role,
      ActionNames: [action],
      ResourceArns: [destArn],
      ...resource,
    });
    if (!write) {
      throw new ReplicationFailure(
        job.op === 'tags'
          ? 'DstPutTaggingNotPermitted'
          : row.delete_marker
            ? 'DstDeleteMarkerNotPermitted'
            : 'DstPutObjectNotPermitted',
      );
    }
  }

  /** IAM's policy simulator decides (an IAM error, e.g. the role deleted meanwhile, denies). */
  private async simulate(op: string, caller: Caller, input: Record<string, unknown>): Promise<boolean> {
    type Out = { EvaluationResults?: Array<{ EvalDecision?: string }> };
    let out: Out;
    try {
      out = await this.svc.core.call<Out>('iam', op, input, caller);
    } catch (e) {
      if (e instanceof AwsError) return false;
      throw e;
    }
    const results = out.EvaluationResults ?? [];
    return results.length > 0 && results.every((r) => r.EvalDecision === 'allowed');
  }

  private async copyVersion(job: Job, row: ObjectRow): Promise<void> {
    if (this.svc.db.version(job.dest, job.key, job.versionId)) return; // already replicated (a retried job)
    const src = metaOf(row);
    const meta: ObjectMeta = { ...src, replicationStatus: 'REPLICA' };
    delete meta.replication;
    if (job.storageClass) meta.storageClass = job.storageClass;
    let blob: string | null = null;
    if (!row.delete_marker) {
      const written = await this.svc.blobs.write(
        this.svc.blobs.read(row.blob!, 0, row.size - 1, src.sse),
        Object.keys(src.checksums ?? {}) as never[],
        src.sse !== undefined,
      );
      blob = written.name;
      if (written.sse) meta.sse = written.sse;
      else delete meta.sse;
    }
    try {
      this.svc.db.tx(() => {
        if (this.svc.db.version(job.dest, job.key, job.versionId)) throw new Error('replicated concurrently');
        this.svc.db.unsetLatest(job.dest, job.key);
        this.svc.db.insertObject({
          bucket: job.dest,
          key: job.key,
          version_id: job.versionId,
          delete_marker: row.delete_marker,
          size: row.size,
          etag: row.etag,
          last_modified: row.last_modified,
          blob,
          meta: JSON.stringify(row.delete_marker ? { replicationStatus: 'REPLICA' } : meta),
        });
        // A replica is a new object in its bucket: the destination's ObjectCreated:Put notifications fire.
        const dest = this.svc.db.bucket(job.dest);
        if (dest && !row.delete_marker) {
          const obj = { key: job.key, size: row.size, etag: row.etag, versionId: job.versionId };
          this.svc.notifier.schedule(dest, 'ObjectCreated:Put', obj, this.eventContext(dest));
        }
      });
    } catch (e) {
      if (blob) this.svc.blobs.remove(blob);
      if (this.svc.db.version(job.dest, job.key, job.versionId)) return;
      throw e;
    }
  }

  private copyTags(job: Job, row: ObjectRow): void {
    const replica = this.svc.db.version(job.dest, job.key, job.versionId);
    if (!replica) return; // the replica is not there (yet): its own job carries the tags
    const meta = metaOf(replica);
    const tags = metaOf(row).tags;
    if (tags && Object.keys(tags).length > 0) meta.tags = tags;
    else delete meta.tags;
    this.svc.db.tx(() => this.svc.db.updateMeta(replica.seq, meta));
  }

  /** Replication events are S3's own doing: no request, the bucket owner's account. */
  private eventContext(source: BucketRow): RequestContext {
    return {
      requestId: randomUUID(),
      accountId: source.account_id,
      region: source.region,
      principal: { accountId: source.account_id, arn: S3_PRINCIPAL, accessKeyId: '', anonymous: false },
      protocol: 'restXml',
      operation: 'Replication',
      // Queue URLs are resolved by their path; any host reaches atoll's SQS.
      endpoint: 'http://localhost',
      path: '/',
      signal: new AbortController().signal,
    };
  }

  /** Records the outcome for one destination on the source version, with RTC and failure events. */
  private finish(job: Job, source: BucketRow, outcome: ReplicationStatus, reason?: string): void {
    const now = this.svc.now();
    const events: Array<[EventName, Record<string, string>]> = [];
    const late = job.rtc && now - job.created >= RTC_THRESHOLD_MS * timeScale();
    const data = (extra: Record<string, string>) => ({
      replicationRuleId: job.ruleId,
      destinationBucket: `arn:aws:s3:::${job.dest}`,
      s3Operation: 'OBJECT_PUT',
      requestTime: new Date(job.created).toISOString(),
      ...extra,
    });
    if (outcome === 'FAILED' && job.metrics) {
      events.push(['Replication:OperationFailedReplication', data({ failureReason: reason ?? 'Unknown' })]);
    }
    if (outcome === 'COMPLETED' && late) {
      events.push(['Replication:OperationMissedThreshold', data({ threshold: '15' })]);
      events.push([
        'Replication:OperationReplicatedAfterThreshold',
        data({ threshold: '15', replicationTime: `${Math.ceil((now - job.created) / 1000)}` }),
      ]);
    }
    this.svc.db.tx(() => {
      const row = this.svc.db.version(job.source, job.key, job.versionId);
      if (!row) return;
      const meta = metaOf(row);
      const r = meta.replication ?? { dests: {}, created: job.created };
      r.dests[job.dest] = outcome;
      const states = Object.values(r.dests);
      meta.replicationStatus = states.includes('PENDING')
        ? 'PENDING'
        : states.includes('FAILED')
          ? 'FAILED'
          : 'COMPLETED';
      if (meta.replicationStatus !== 'PENDING') r.completed = now;
      meta.replication = r;
      this.svc.db.updateMeta(row.seq, meta);
      for (const [name, replicationEventData] of events) {
        const obj = { key: job.key, size: row.size, etag: row.etag, versionId: job.versionId, replicationEventData };
        this.svc.notifier.schedule(source, name, obj, this.eventContext(source));
      }
    });
  }
}
