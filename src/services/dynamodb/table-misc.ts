// Tags, Time to Live settings, account limits and endpoint discovery.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { DdbErrors } from './errors.js';
import type { TableInfo, TableMeta } from './table.js';
import type { Ddb } from './parts.js';

type H = Pick<
  HandlerTable<Operations>,
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsOfResource'
  | 'UpdateTimeToLive'
  | 'DescribeTimeToLive'
  | 'DescribeLimits'
  | 'DescribeEndpoints'
>;

const MAX_TAGS = 50;

export function miscHandlers(d: Ddb): H {
  const { svc } = d;
  const byArn = (arn: string): TableInfo => {
    const m = /^arn:aws[\w-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/.exec(arn);
    if (!m) throw DdbErrors.validation(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
    const t = svc.lookup({ region: m[1]!, accountId: m[2]!, name: m[3]! });
    if (!t) throw DdbErrors.resourceNotFound(`Requested resource not found: ResourcArn: ${arn} not found`);
    return t;
  };
  const saveTags = (t: TableInfo, tags: Record<string, string>) => {
    const meta: TableMeta = { ...t.meta, tags };
    svc.tx(() => svc.saveMeta(t, meta));
  };
  return {
    TagResource(input) {
      const t = byArn(input.ResourceArn);
      const tags = { ...t.meta.tags };
      for (const tag of input.Tags) tags[tag.Key] = tag.Value;
      if (Object.keys(tags).length > MAX_TAGS) {
        throw DdbErrors.limitExceeded(`The number of tags exceeds the limit of ${MAX_TAGS} for this resource.`);
      }
      saveTags(t, tags);
    },
    UntagResource(input) {
      const t = byArn(input.ResourceArn);
      const tags = { ...t.meta.tags };
      for (const k of input.TagKeys) delete tags[k];
      saveTags(t, tags);
    },
    ListTagsOfResource(input) {
      const t = byArn(input.ResourceArn);
      return { Tags: Object.entries(t.meta.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
    UpdateTimeToLive(input, ctx) {
      const t = svc.describeTarget(input.TableName, ctx);
      const spec = input.TimeToLiveSpecification;
      const cur = t.meta.ttl;
      if (spec.Enabled && cur?.enabled) throw DdbErrors.validation('TimeToLive is already enabled');
      if (!spec.Enabled && !cur?.enabled) throw DdbErrors.validation('TimeToLive is already disabled');
      if (!spec.Enabled && cur && cur.attributeName !== spec.AttributeName) {
        throw DdbErrors.validation(
          `TimeToLive attribute name is different from the one specified in the previous request: ${cur.attributeName}`,
        );
      }
      svc.tx(() => {
        const saved = svc.saveMeta(t, { ...t.meta, ttl: { attributeName: spec.AttributeName, enabled: spec.Enabled } });
        if (spec.Enabled) d.ttl.enable(saved);
        else d.ttl.disable(saved);
      });
      return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName } };
    },
    DescribeTimeToLive(input, ctx) {
      const t = svc.describeTarget(input.TableName, ctx);
      const ttl = t.meta.ttl;
      return {
        TimeToLiveDescription: ttl?.enabled
          ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName }
          : { TimeToLiveStatus: 'DISABLED' },
      };
    },
    DescribeLimits() {
      return {
        AccountMaxReadCapacityUnits: 80000,
        AccountMaxWriteCapacityUnits: 80000,
        TableMaxReadCapacityUnits: 40000,
        TableMaxWriteCapacityUnits: 40000,
      };
    },
    DescribeEndpoints(_input, ctx) {
      return { Endpoints: [{ Address: `dynamodb.${ctx.region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
    },
  };
}
