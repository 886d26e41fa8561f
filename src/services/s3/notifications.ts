// Event notifications: a write or delete that matches a bucket's notification configuration schedules one durable
// job per destination in the same transaction as the change; the job delivers AWS's event record (S3 event message
// structure 2.1) to SQS, SNS or Lambda, or an "Object Created"/"Object Deleted" event to EventBridge, at least once.
import { randomUUID } from 'node:crypto';
import type { NotificationConfiguration } from '../../../generated/s3/types.js';
import { AwsError } from '../../protocol/errors.js';
import type { Caller, RequestContext } from '../types.js';
import type { S3Service } from './service.js';
import type { BucketRow } from './store.js';

const JOB = 's3.notify';
/** Destination errors that no retry fixes (the destination is gone or refuses S3). */
const GIVE_UP = new Set([
  'AWS.SimpleQueueService.NonExistentQueue',
  'QueueDoesNotExist',
  'NotFound',
  'ResourceNotFoundException',
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
]);

export type EventName =
  | 'ObjectCreated:Put'
  | 'ObjectCreated:Copy'
  | 'ObjectCreated:CompleteMultipartUpload'
  | 'ObjectRemoved:Delete'
  | 'ObjectRemoved:DeleteMarkerCreated'
  | 'Replication:OperationFailedReplication'
  | 'Replication:OperationMissedThreshold'
  | 'Replication:OperationReplicatedAfterThreshold';

export interface ObjectEvent {
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
  /** Replication events only (replication.ts). */
  replicationEventData?: Record<string, string>;
}

interface Job {
  kind: 'sqs' | 'sns' | 'lambda' | 'events';
  arn: string;
  endpoint: string;
  region: string;
  bucketOwner: string;
  body: string;
  detailType?: string;
  bucketArn?: string;
}

function matches(
  events: string[],
  filter: { Key?: { FilterRules?: Array<{ Name?: string; Value?: string }> } } | undefined,
  name: EventName,
  key: string,
): boolean {
  const hit = events.some((e) => e === `s3:${name}` || (e.endsWith(':*') && `s3:${name}`.startsWith(e.slice(0, -1))));
  if (!hit) return false;
  for (const r of filter?.Key?.FilterRules ?? []) {
    const v = r.Value ?? '';
    if (r.Name?.toLowerCase() === 'prefix' && !key.startsWith(v)) return false;
    if (r.Name?.toLowerCase() === 'suffix' && !key.endsWith(v)) return false;
  }
  return true;
}

export class Notifier {
  constructor(private readonly svc: S3Service) {
    svc.core.scheduler.register(JOB, (payload) => this.deliver(payload as Job), { concurrency: 8 });
  }

  /** Schedules the deliveries an event triggers; call inside the transaction that makes the change. */
  schedule(bucket: BucketRow, name: EventName, obj: ObjectEvent, ctx: RequestContext): void {
    const text = this.svc.db.config(bucket.name, 'notification');
    if (!text) return;
    const config = JSON.parse(text) as NotificationConfiguration;
    const now = this.svc.now();
    const base = { endpoint: ctx.endpoint, region: bucket.region, bucketOwner: bucket.account_id };
    const record = (configurationId: string) =>
      JSON.stringify({ Records: [this.record(bucket, name, obj, ctx, configurationId, now)] });
    const jobs: Job[] = [];
    for (const q of config.QueueConfigurations ?? []) {
      if (matches(q.Events, q.Filter, name, obj.key))
        jobs.push({ ...base, kind: 'sqs', arn: q.QueueArn, body: record(q.Id ?? '') });
    }
    for (const t of config.TopicConfigurations ?? []) {
      if (matches(t.Events, t.Filter, name, obj.key))
        jobs.push({ ...base, kind: 'sns', arn: t.TopicArn, body: record(t.Id ?? '') });
    }
    for (const l of config.LambdaFunctionConfigurations ?? []) {
      if (matches(l.Events, l.Filter, name, obj.key)) {
        jobs.push({ ...base, kind: 'lambda', arn: l.LambdaFunctionArn, body: record(l.Id ?? '') });
      }
    }
    if (config.EventBridgeConfiguration && !name.startsWith('Replication:')) {
      const created = name.startsWith('ObjectCreated');
      const detail = {
        version: '0',
        bucket: { name: bucket.name },
        object: {
          key: obj.key,
          ...(obj.size !== undefined ? { size: obj.size } : {}),
          ...(obj.etag ? { etag: obj.etag } : {}),
          ...(obj.versionId ? { 'version-id': obj.versionId } : {}),
          sequencer: now.toString(16).toUpperCase().padStart(16, '0'),
        },
        'request-id': ctx.requestId,
        requester: ctx.accountId,
        reason: created ? reasonOf(name) : 'DeleteObject',
        ...(created
          ? {}
          : { 'deletion-type': name === 'ObjectRemoved:Delete' ? 'Permanently Deleted' : 'Delete Marker Created' }),
      };
      jobs.push({
        ...base,
        kind: 'events',
        arn: `arn:aws:events:${bucket.region}:${bucket.account_id}:event-bus/default`,
        body: JSON.stringify(detail),
        detailType: created ? 'Object Created' : 'Object Deleted',
        bucketArn: `arn:aws:s3:::${bucket.name}`,
      });
    }
    for (const j of jobs) this.svc.core.scheduler.schedule(JOB, now, j);
  }

  private record(
    bucket: BucketRow,
    name: EventName,
    obj: ObjectEvent,
    ctx: RequestContext,
    configurationId: string,
    now: number,
  ) {
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: bucket.region,
      eventTime: new Date(now).toISOString(),
      eventName: name,
      userIdentity: { principalId: `AWS:${ctx.principal.accessKeyId || ctx.accountId}` },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId,
        bucket: {
          name: bucket.name,
          ownerIdentity: { principalId: bucket.account_id },
          arn: `arn:aws:s3:::${bucket.name}`,
        },
        object: {
          // Keys are URL-encoded in event records (spaces as '+').
          key: encodeURIComponent(obj.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
          ...(obj.size !== undefined ? { size: obj.size } : {}),
          ...(obj.etag ? { eTag: obj.etag } : {}),
          ...(obj.versionId ? { versionId: obj.versionId } : {}),
          sequencer: now.toString(16).toUpperCase().padStart(16, '0'),
        },
      },
      ...(obj.replicationEventData ? { replicationEventData: obj.replicationEventData } : {}),
    };
  }

  private async deliver(job: Job): Promise<void> {
    const [, , , region, account, resource] = job.arn.split(':');
    const caller: Caller = {
      accountId: account || job.bucketOwner,
      region: region || job.region,
      principal: {
        accountId: account || job.bucketOwner,
        arn: 'arn:aws:iam::aws:service/s3.amazonaws.com',
        accessKeyId: '',
        anonymous: false,
      },
    };
    try {
      if (job.kind === 'sqs') {
        await this.svc.core.call(
          'sqs',
          'SendMessage',
          { QueueUrl: `${job.endpoint}/${account}/${resource}`, MessageBody: job.body },
          caller,
        );
      } else if (job.kind === 'sns') {
        await this.svc.core.call(
          'sns',
          'Publish',
          { TopicArn: job.arn, Message: job.body, Subject: 'Amazon S3 Notification' },
          caller,
        );
      } else if (job.kind === 'lambda') {
        await this.svc.core.call(
          'lambda',
          'Invoke',
          { FunctionName: job.arn, InvocationType: 'Event', Payload: Buffer.from(job.body) },
          caller,
        );
      } else {
        await this.svc.core.call(
          'events',
          'PutEvents',
          {
            Entries: [
              { Source: 'aws.s3', DetailType: job.detailType, Detail: job.body, Resources: [job.bucketArn ?? ''] },
            ],
          },
          { ...caller, accountId: job.bucketOwner },
        );
      }
    } catch (err) {
      if (err instanceof AwsError && (GIVE_UP.has(err.code) || (err.queryCode && GIVE_UP.has(err.queryCode)))) return;
      throw err;
    }
  }
}

function reasonOf(name: EventName): string {
  return name === 'ObjectCreated:Copy'
    ? 'CopyObject'
    : name === 'ObjectCreated:CompleteMultipartUpload'
      ? 'CompleteMultipartUpload'
      : 'PutObject';
}
