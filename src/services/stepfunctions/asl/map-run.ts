// Distributed Map: the DescribeMapRun view of a run's state (counts per child workflow and per item; a batch is
// one child workflow carrying several items).
import type { MapRun, MapRunCounts, MapRunInfo } from './types.js';

export function mapRunInfo(run: MapRun): MapRunInfo {
  const zero = (): MapRunCounts => ({ pending: 0, running: 0, succeeded: 0, failed: 0, aborted: 0, total: 0 });
  const executions = zero();
  const items = zero();
  const size = (i: number) => run.batchSizes?.[i] ?? 1;
  executions.total = run.items.length;
  for (let i = 0; i < run.items.length; i++) items.total += size(i);
  for (const r of run.records ?? []) {
    const k =
      r.status === 'RUNNING'
        ? 'running'
        : r.status === 'SUCCEEDED'
          ? 'succeeded'
          : r.status === 'FAILED'
            ? 'failed'
            : 'aborted';
    executions[k] += 1;
    items[k] += size(r.index);
  }
  for (const c of [executions, items]) c.pending = c.total - c.running - c.succeeded - c.failed - c.aborted;
  return {
    mapRunArn: run.mapRunArn as string,
    status: run.runStatus ?? 'RUNNING',
    startDate: run.startDate ?? new Date(0).toISOString(),
    ...(run.stopDate ? { stopDate: run.stopDate } : {}),
    maxConcurrency: run.maxConcurrency,
    toleratedFailureCount: run.toleratedCount ?? 0,
    toleratedFailurePercentage: run.toleratedPercentage ?? 0,
    items,
    executions,
    resultsWritten: 0,
  };
}
