// Metric filters (recorded and described; CloudWatch metrics are not emitted) and TestMetricFilter, over the
// shared filter-pattern engine.
import type { HandlerTable } from '../types.js';
import type { MetricFilter, Operations } from './api.js';
import { LogsErrors } from './errors.js';
import { compilePattern, FilterPatternError, type CompiledPattern } from './filter/index.js';
import { decodeToken, encodeToken } from './paging.js';
import type { LogsService } from './service.js';
import type { GroupRow, MetricFilterRow } from './store.js';

type FilterOps = 'PutMetricFilter' | 'DescribeMetricFilters' | 'DeleteMetricFilter' | 'TestMetricFilter';

const MAX_METRIC_FILTERS = 100;

/** Compiles a pattern, answering a syntax error as AWS does (InvalidParameterException). */
export function compileOrThrow(pattern: string | undefined): CompiledPattern {
  try {
    return compilePattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw LogsErrors.invalidParameter(err.message);
    throw err;
  }
}

function describe(g: GroupRow, f: MetricFilterRow): MetricFilter {
  return {
    filterName: f.name,
    filterPattern: f.pattern,
    metricTransformations: JSON.parse(f.transformations) as MetricFilter['metricTransformations'],
    creationTime: f.created_at,
    logGroupName: g.name,
    applyOnTransformedLogs: f.apply_on_transformed === 1,
  };
}

export function filterHandlers(svc: LogsService): Pick<HandlerTable<Operations>, FilterOps> {
  return {
    PutMetricFilter(input, ctx) {
      compileOrThrow(input.filterPattern);
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        const existing = svc.store.metricFilter(g.id, input.filterName);
        if (!existing && svc.store.metricFilterCount(g.id) >= MAX_METRIC_FILTERS) throw LogsErrors.limitExceeded();
        svc.store.putMetricFilter({
          group_id: g.id,
          name: input.filterName,
          pattern: input.filterPattern,
          transformations: JSON.stringify(input.metricTransformations),
          apply_on_transformed: input.applyOnTransformedLogs === true ? 1 : 0,
          created_at: existing?.created_at ?? svc.now(),
        });
      });
    },

    DescribeMetricFilters(input, ctx) {
      if ((input.metricName === undefined) !== (input.metricNamespace === undefined)) {
        throw LogsErrors.invalidParameter('If you specify metricName, you must also specify metricNamespace.');
      }
      if (input.filterNamePrefix !== undefined && input.logGroupName === undefined) {
        throw LogsErrors.invalidParameter('If you specify filterNamePrefix, you must also specify logGroupName.');
      }
      const groups =
        input.logGroupName !== undefined
          ? [svc.group(input.logGroupName, ctx)]
          : svc.store.groupsIn(ctx.accountId, ctx.region).sort((a, b) => (a.name < b.name ? -1 : 1));
      const all: MetricFilter[] = [];
      for (const g of groups) {
        for (const f of svc.store.metricFilters(g.id)) {
          if (input.filterNamePrefix !== undefined && !f.name.startsWith(input.filterNamePrefix)) continue;
          const d = describe(g, f);
          if (
            input.metricName !== undefined &&
            !(d.metricTransformations ?? []).some(
              (t) => t.metricName === input.metricName && t.metricNamespace === input.metricNamespace,
            )
          ) {
            continue;
          }
          all.push(d);
        }
      }
      const offset = decodeToken<{ offset: number }>(input.nextToken, { offset: 'number' })?.offset ?? 0;
      const limit = input.limit ?? 50;
      return {
        metricFilters: all.slice(offset, offset + limit),
        ...(offset + limit < all.length ? { nextToken: encodeToken({ offset: offset + limit }) } : {}),
      };
    },

    DeleteMetricFilter(input, ctx) {
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        if (!svc.store.deleteMetricFilter(g.id, input.filterName)) {
          throw LogsErrors.resourceNotFound('The specified metric filter does not exist.');
        }
      });
    },

    TestMetricFilter(input) {
      const pattern = compileOrThrow(input.filterPattern);
      const matches = input.logEventMessages.flatMap((message, i) => {
        const extracted = pattern.match(message);
        return extracted === undefined
          ? []
          : [{ eventNumber: i + 1, eventMessage: message, extractedValues: extracted }];
      });
      return { matches };
    },
  };
}
