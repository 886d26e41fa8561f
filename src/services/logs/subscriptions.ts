// Subscription filters: Put/Describe/DeleteSubscriptionFilter, and durable delivery of matching events to a
// Lambda function. PutLogEvents schedules one delivery job per matching filter in the same transaction as the
// events, so an acknowledged put is delivered at least once; the job invokes the function asynchronously with
// AWS's payload ({ awslogs: { data: base64(gzip(JSON)) } }).
import { gzipSync } from 'node:zlib';
import { CommonErrors, AwsError } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Operations, SubscriptionFilter } from './api.js';
import { LogsErrors } from './errors.js';
import { eventId } from './events.js';
import type { CompiledPattern } from './filter/index.js';
import { compileOrThrow } from './filters.js';
import { decodeToken, encodeToken } from './paging.js';
import { groupArn, type LogsService } from './service.js';
import type { GroupRow } from './store.js';

type SubscriptionOps = 'PutSubscriptionFilter' | 'DescribeSubscriptionFilters' | 'DeleteSubscriptionFilter';

export const DELIVERY_JOB = 'logs.deliver';
const MAX_FILTERS_PER_GROUP = 2;
/** A destination that keeps failing is given up after this many attempts (the scheduler backs off to 60 s). */
const MAX_ATTEMPTS = 20;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

interface Delivery {
  accountId: string;
  region: string;
  logGroup: string;
  logStream: string;
  filterName: string;
  destinationArn: string;
  sourceArn: string;
  logEvents: Array<{ id: string; timestamp: number; message: string }>;
}

export class Subscriptions {
  private readonly compiled = new Map<string, CompiledPattern>();

  constructor(private readonly svc: LogsService) {
    svc.core.scheduler.register(DELIVERY_JOB, (payload, job) => this.deliver(payload as Delivery, job.attempts));
  }

  /** Inside PutLogEvents' transaction: one delivery job per subscription filter that matches some events. */
  afterPut(group: GroupRow, logStream: string, events: Array<{ timestamp: number; message: string }>, ids: number[]) {
    const filters = this.svc.store.subscriptions(group.id);
    for (const f of filters) {
      const pattern = this.pattern(f.pattern);
      const logEvents = events.flatMap((ev, i) =>
        pattern.match(ev.message) === undefined
          ? []
          : [{ id: eventId({ ts: ev.timestamp, id: ids[i]! }), timestamp: ev.timestamp, message: ev.message }],
      );
      if (logEvents.length === 0) continue;
      const delivery: Delivery = {
        accountId: group.account_id,
        region: group.region,
        logGroup: group.name,
        logStream,
        filterName: f.name,
        destinationArn: f.destination_arn,
        sourceArn: `${groupArn(group)}:*`,
        logEvents,
      };
      this.svc.core.scheduler.schedule(DELIVERY_JOB, this.svc.now(), delivery);
    }
  }

  private pattern(text: string): CompiledPattern {
    let p = this.compiled.get(text);
    if (!p) {
      p = compileOrThrow(text);
      this.compiled.set(text, p);
    }
    return p;
  }

  private async deliver(d: Delivery, attempts: number): Promise<void> {
    const body = {
      messageType: 'DATA_MESSAGE',
      owner: d.accountId,
      logGroup: d.logGroup,
      logStream: d.logStream,
      subscriptionFilters: [d.filterName],
      logEvents: d.logEvents,
    };
    const data = gzipSync(Buffer.from(JSON.stringify(body), 'utf8')).toString('base64');
    const payload = Buffer.from(JSON.stringify({ awslogs: { data } }), 'utf8');
    try {
      await this.svc.core.call(
        'lambda',
        'Invoke',
        { FunctionName: d.destinationArn, InvocationType: 'Event', Payload: payload },
        {
          accountId: d.accountId,
          region: d.region,
          principal: { accountId: d.accountId, arn: 'logs.amazonaws.com', accessKeyId: '', anonymous: false },
          sourceArn: d.sourceArn,
        },
      );
    } catch (err) {
      if (attempts + 1 >= MAX_ATTEMPTS) return; // dropped, as AWS drops after its retry period
      throw err;
    }
  }

  handlers(): Pick<HandlerTable<Operations>, SubscriptionOps> {
    const svc = this.svc;
    return {
      PutSubscriptionFilter: async (input, ctx) => {
        compileOrThrow(input.filterPattern);
        svc.group(input.logGroupName, ctx);
        const m = LAMBDA_ARN.exec(input.destinationArn);
        if (!m) {
          if (/^arn:aws[a-z-]*:(kinesis|firehose|logs):/.test(input.destinationArn)) {
            throw CommonErrors.notImplemented('PutSubscriptionFilter to Kinesis, Firehose or a logs destination');
          }
          throw LogsErrors.invalidParameter(`Invalid destination ARN: ${input.destinationArn}`);
        }
        await this.checkFunction(input.destinationArn, ctx.accountId, ctx.region);
        svc.tx(() => {
          const g = svc.group(input.logGroupName, ctx);
          const existing = svc.store.subscriptions(g.id);
          const same = existing.find((f) => f.name === input.filterName);
          if (!same && existing.length >= MAX_FILTERS_PER_GROUP) throw LogsErrors.limitExceeded();
          svc.store.putSubscription({
            group_id: g.id,
            name: input.filterName,
            pattern: input.filterPattern,
            destination_arn: input.destinationArn,
            role_arn: input.roleArn ?? null,
            distribution: input.distribution ?? 'ByLogStream',
            apply_on_transformed: input.applyOnTransformedLogs === true ? 1 : 0,
            created_at: same?.created_at ?? svc.now(),
          });
        });
      },

      DescribeSubscriptionFilters: (input, ctx) => {
        const g = svc.group(input.logGroupName, ctx);
        const all: SubscriptionFilter[] = svc.store
          .subscriptions(g.id)
          .filter((f) => input.filterNamePrefix === undefined || f.name.startsWith(input.filterNamePrefix))
          .map((f) => ({
            filterName: f.name,
            logGroupName: g.name,
            filterPattern: f.pattern,
            destinationArn: f.destination_arn,
            ...(f.role_arn !== null ? { roleArn: f.role_arn } : {}),
            distribution: f.distribution as SubscriptionFilter['distribution'],
            applyOnTransformedLogs: f.apply_on_transformed === 1,
            creationTime: f.created_at,
          }));
        const offset = decodeToken<{ offset: number }>(input.nextToken, { offset: 'number' })?.offset ?? 0;
        const limit = input.limit ?? 50;
        return {
          subscriptionFilters: all.slice(offset, offset + limit),
          ...(offset + limit < all.length ? { nextToken: encodeToken({ offset: offset + limit }) } : {}),
        };
      },

      DeleteSubscriptionFilter: (input, ctx) => {
        svc.tx(() => {
          const g = svc.group(input.logGroupName, ctx);
          if (!svc.store.deleteSubscription(g.id, input.filterName)) {
            throw LogsErrors.resourceNotFound('The specified subscription filter does not exist.');
          }
        });
      },
    };
  }

  /** AWS test-invokes the destination when the filter is put; here: the function must exist (when Lambda runs). */
  private async checkFunction(arn: string, accountId: string, region: string): Promise<void> {
    if (!this.svc.core.hasService('lambda')) return;
    try {
      await this.svc.core.call('lambda', 'GetFunction', { FunctionName: arn }, { accountId, region });
    } catch (err) {
      if (err instanceof AwsError && err.code === 'ResourceNotFoundException') {
        throw LogsErrors.invalidParameter(
          'Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function.',
        );
      }
      throw err;
    }
  }
}
