// Map Runs of Distributed Map states: ListMapRuns, DescribeMapRun, UpdateMapRun. Rows mirror the engine's
// counters (driver applies each `mapRun` effect in the transition's transaction); updates go through the engine.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { MapRunCounts, MapRunInfo } from './asl/index.js';
import type { Driver } from './driver.js';
import { SfnErrors } from './errors.js';
import { decodeToken, encodeToken, pageSize } from './paging.js';
import type { MapRunRow } from './runs-store.js';
import type { SfnService } from './service.js';

function requireMapRunArn(arn: string): void {
  const s = arn.split(':');
  if (s.length < 8 || s[0] !== 'arn' || s[2] !== 'states') {
    if (!arn.startsWith('arn:')) throw SfnErrors.invalidArn(`Invalid ARN prefix: ${arn}`);
    throw SfnErrors.invalidArn(`Invalid Arn: ${arn}`);
  }
  if (s[5] !== 'mapRun') throw SfnErrors.invalidArn(`Resource type not valid in this context: ${s[5] ?? ''}`);
}

function mapRun(svc: SfnService, arn: string): MapRunRow {
  requireMapRunArn(arn);
  const row = svc.runs.mapRun(arn);
  if (!row) throw SfnErrors.resourceNotFound(arn);
  return row;
}

const counts = (c: MapRunCounts, written: number) => ({
  pending: c.pending,
  running: c.running,
  succeeded: c.succeeded,
  failed: c.failed,
  timedOut: 0,
  aborted: c.aborted,
  total: c.total,
  resultsWritten: written,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
});

export function mapRunHandlers(
  svc: SfnService,
  driver: Driver,
): Pick<HandlerTable<Operations>, 'ListMapRuns' | 'DescribeMapRun' | 'UpdateMapRun'> {
  return {
    ListMapRuns(input) {
      const exec = svc.execution(input.executionArn);
      const limit = pageSize(input.maxResults);
      const after = decodeToken(input.nextToken) ?? 0;
      const rows = svc.runs.mapRuns(exec.arn, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        mapRuns: page.map((r) => ({
          executionArn: r.execution_arn,
          mapRunArn: r.arn,
          stateMachineArn: r.state_machine_arn,
          startDate: new Date(r.start_date),
          ...(r.stop_date !== null ? { stopDate: new Date(r.stop_date) } : {}),
        })),
        ...(rows.length > limit && last ? { nextToken: encodeToken(last.seq) } : {}),
      };
    },

    DescribeMapRun(input) {
      const row = mapRun(svc, input.mapRunArn);
      const info = JSON.parse(row.info) as MapRunInfo;
      const written = info.status === 'SUCCEEDED' ? info.executions.succeeded : 0;
      return {
        mapRunArn: row.arn,
        executionArn: row.execution_arn,
        status: info.status,
        startDate: new Date(row.start_date),
        ...(row.stop_date !== null ? { stopDate: new Date(row.stop_date) } : {}),
        maxConcurrency: info.maxConcurrency,
        toleratedFailurePercentage: info.toleratedFailurePercentage,
        toleratedFailureCount: info.toleratedFailureCount,
        itemCounts: counts(info.items, info.status === 'SUCCEEDED' ? info.items.succeeded : 0),
        executionCounts: counts(info.executions, written),
        redriveCount: 0,
      };
    },

    async UpdateMapRun(input) {
      const row = mapRun(svc, input.mapRunArn);
      if (
        input.maxConcurrency === undefined &&
        input.toleratedFailureCount === undefined &&
        input.toleratedFailurePercentage === undefined
      ) {
        throw SfnErrors.validation('At least one of the parameters must be specified');
      }
      const pct = input.toleratedFailurePercentage;
      if (pct !== undefined && (pct < 0 || pct > 100)) {
        throw SfnErrors.validation('toleratedFailurePercentage must be between 0 and 100');
      }
      const info = JSON.parse(row.info) as MapRunInfo;
      if (info.status !== 'RUNNING') {
        throw SfnErrors.validation(`Map Run is ${info.status} and cannot be updated`);
      }
      await driver.feed(row.execution_arn, {
        kind: 'updateMapRun',
        mapRunArn: row.arn,
        ...(input.maxConcurrency !== undefined ? { maxConcurrency: input.maxConcurrency } : {}),
        ...(input.toleratedFailureCount !== undefined ? { toleratedFailureCount: input.toleratedFailureCount } : {}),
        ...(pct !== undefined ? { toleratedFailurePercentage: pct } : {}),
      });
      return {};
    },
  };
}
