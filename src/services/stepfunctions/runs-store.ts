// SQL for Map Runs and redrives (kept apart from store.ts): sfn_map_runs rows mirror the engine's `mapRun`
// effects; sfn_executions.redrive_count / redrive_date are set when a redrive commits.
import type { Db } from '../../store/store.js';
import type { ExecutionRow } from './store.js';

export interface MapRunRow {
  seq: number;
  arn: string;
  execution_arn: string;
  state_machine_arn: string;
  start_date: number;
  stop_date: number | null;
  /** JSON of the engine's MapRunInfo. */
  info: string;
}

export interface RedriveColumns {
  redrive_count: number;
  redrive_date: number | null;
}

export class RunsStore {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      runUpsert: p(`INSERT INTO sfn_map_runs (arn, execution_arn, state_machine_arn, start_date, stop_date, info)
        VALUES (@arn, @execution_arn, @state_machine_arn, @start_date, @stop_date, @info)
        ON CONFLICT(arn) DO UPDATE SET stop_date = excluded.stop_date, info = excluded.info`),
      runGet: p(`SELECT * FROM sfn_map_runs WHERE arn = ?`),
      runList: p(`SELECT * FROM sfn_map_runs WHERE execution_arn = ? AND seq > ? ORDER BY seq LIMIT ? + 0`),
      redriveSet: p(`UPDATE sfn_executions SET redrive_count = ?, redrive_date = ? WHERE arn = ?`),
      listBySm: p(`SELECT * FROM sfn_executions WHERE state_machine_arn = ? AND seq < ? AND (? IS NULL OR status = ?)
        AND (? IS NULL OR (? = 'REDRIVEN') = (redrive_count > 0)) ORDER BY seq DESC LIMIT ? + 0`),
      listByVersion: p(`SELECT * FROM sfn_executions WHERE version_arn = ? AND seq < ? AND (? IS NULL OR status = ?)
        AND (? IS NULL OR (? = 'REDRIVEN') = (redrive_count > 0)) ORDER BY seq DESC LIMIT ? + 0`),
    };
  }

  upsertMapRun(row: Omit<MapRunRow, 'seq'>): void {
    this.s.runUpsert.run(row);
  }
  mapRun(arn: string): MapRunRow | undefined {
    return this.s.runGet.get(arn) as MapRunRow | undefined;
  }
  mapRuns(executionArn: string, afterSeq: number, limit: number): MapRunRow[] {
    return this.s.runList.all(executionArn, afterSeq, limit) as MapRunRow[];
  }
  setRedrive(arn: string, count: number, date: number): void {
    this.s.redriveSet.run(count, date, arn);
  }
  listExecutions(
    by: 'stateMachine' | 'version',
    arn: string,
    status: string | null,
    redrive: string | null,
    beforeSeq: number,
    limit: number,
  ): Array<ExecutionRow & RedriveColumns> {
    const stmt = by === 'version' ? this.s.listByVersion : this.s.listBySm;
    return stmt.all(arn, beforeSeq, status, status, redrive, redrive, limit) as Array<ExecutionRow & RedriveColumns>;
  }
}
