// All SQL of the Step Functions service, behind narrow methods. Statements are prepared once.
import type { Db } from '../../store/store.js';

export interface StateMachineRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  type: string;
  definition: string;
  role_arn: string;
  logging: string;
  tracing: string;
  encryption: string | null;
  revision_id: string | null;
  version_description: string | null;
  created_at: number;
  updated_at: number;
  next_version: number;
  seq: number;
}

export interface VersionRow {
  arn: string;
  state_machine_arn: string;
  version: number;
  definition: string;
  role_arn: string;
  logging: string;
  tracing: string;
  description: string | null;
  revision_id: string;
  created_at: number;
}

export interface AliasRow {
  arn: string;
  state_machine_arn: string;
  name: string;
  description: string | null;
  routing: string;
  created_at: number;
  updated_at: number;
}

export interface ActivityRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  seq: number;
}

export interface ExecutionRow {
  seq: number;
  arn: string;
  state_machine_arn: string;
  version_arn: string | null;
  alias_arn: string | null;
  account_id: string;
  region: string;
  name: string;
  type: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  definition: string;
  role_arn: string;
  snapshot: string;
  parent: string | null;
  trace_header: string | null;
}

export interface ActivityTaskRow {
  token: string;
  activity_arn: string;
  execution_arn: string;
  task_id: string;
  input: string;
  created_at: number;
}

const HISTORY_CHUNK = 64;

export class SfnStore {
  private readonly s;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      smGet: p(`SELECT * FROM sfn_state_machines WHERE arn = ?`),
      smInsert: p(`INSERT INTO sfn_state_machines (arn, account_id, region, name, type, definition, role_arn, logging,
        tracing, encryption, revision_id, version_description, created_at, updated_at, next_version, seq)
        VALUES (@arn, @account_id, @region, @name, @type, @definition, @role_arn, @logging, @tracing, @encryption,
        @revision_id, @version_description, @created_at, @updated_at, @next_version,
        (SELECT COALESCE(MAX(seq), 0) + 1 FROM sfn_state_machines))`),
      smUpdate: p(`UPDATE sfn_state_machines SET definition = @definition, role_arn = @role_arn, logging = @logging,
        tracing = @tracing, revision_id = @revision_id, updated_at = @updated_at, next_version = @next_version
        WHERE arn = @arn`),
      smDelete: p(`DELETE FROM sfn_state_machines WHERE arn = ?`),
      smList: p(
        `SELECT * FROM sfn_state_machines WHERE account_id = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ? + 0`,
      ),
      versionInsert: p(`INSERT INTO sfn_versions (arn, state_machine_arn, version, definition, role_arn, logging,
        tracing, description, revision_id, created_at) VALUES (@arn, @state_machine_arn, @version, @definition,
        @role_arn, @logging, @tracing, @description, @revision_id, @created_at)`),
      versionGet: p(`SELECT * FROM sfn_versions WHERE arn = ?`),
      versionLatest: p(`SELECT * FROM sfn_versions WHERE state_machine_arn = ? ORDER BY version DESC LIMIT 1`),
      versionList: p(
        `SELECT * FROM sfn_versions WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ? + 0`,
      ),
      versionDelete: p(`DELETE FROM sfn_versions WHERE arn = ?`),
      versionDeleteAll: p(`DELETE FROM sfn_versions WHERE state_machine_arn = ?`),
      aliasGet: p(`SELECT * FROM sfn_aliases WHERE arn = ?`),
      aliasUpsert: p(`INSERT INTO sfn_aliases (arn, state_machine_arn, name, description, routing, created_at,
        updated_at) VALUES (@arn, @state_machine_arn, @name, @description, @routing, @created_at, @updated_at)
        ON CONFLICT(arn) DO UPDATE SET description = excluded.description, routing = excluded.routing,
        updated_at = excluded.updated_at`),
      aliasList: p(`SELECT * FROM sfn_aliases WHERE state_machine_arn = ? ORDER BY name`),
      aliasDelete: p(`DELETE FROM sfn_aliases WHERE arn = ?`),
      aliasDeleteAll: p(`DELETE FROM sfn_aliases WHERE state_machine_arn = ?`),
      tagsGet: p(`SELECT key, value FROM sfn_tags WHERE resource_arn = ? ORDER BY key`),
      tagSet: p(`INSERT INTO sfn_tags (resource_arn, key, value) VALUES (?, ?, ?)
        ON CONFLICT(resource_arn, key) DO UPDATE SET value = excluded.value`),
      tagDelete: p(`DELETE FROM sfn_tags WHERE resource_arn = ? AND key = ?`),
      tagsDeleteAll: p(`DELETE FROM sfn_tags WHERE resource_arn = ?`),
      activityGet: p(`SELECT * FROM sfn_activities WHERE arn = ?`),
      activityInsert: p(`INSERT INTO sfn_activities (arn, account_id, region, name, created_at, seq)
        VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sfn_activities))`),
      activityDelete: p(`DELETE FROM sfn_activities WHERE arn = ?`),
      activityList: p(
        `SELECT * FROM sfn_activities WHERE account_id = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ? + 0`,
      ),
      execGet: p(`SELECT * FROM sfn_executions WHERE arn = ?`),
      execInsert: p(`INSERT INTO sfn_executions (arn, state_machine_arn, version_arn, alias_arn, account_id, region,
        name, type, status, input, output, error, cause, start_date, stop_date, definition, role_arn, snapshot, parent,
        trace_header) VALUES (@arn, @state_machine_arn, @version_arn, @alias_arn, @account_id, @region, @name, @type,
        @status, @input, @output, @error, @cause, @start_date, @stop_date, @definition, @role_arn, @snapshot, @parent,
        @trace_header)`),
      execUpdate: p(`UPDATE sfn_executions SET status = @status, output = @output, error = @error, cause = @cause,
        stop_date = @stop_date, snapshot = @snapshot WHERE arn = @arn`),
      execSetParent: p(`UPDATE sfn_executions SET parent = ? WHERE arn = ?`),
      execListBySm:
        p(`SELECT * FROM sfn_executions WHERE state_machine_arn = ? AND seq < ? AND (? IS NULL OR status = ?)
        ORDER BY seq DESC LIMIT ? + 0`),
      execListByVersion: p(`SELECT * FROM sfn_executions WHERE version_arn = ? AND seq < ?
        AND (? IS NULL OR status = ?) ORDER BY seq DESC LIMIT ? + 0`),
      execRunningBySm: p(`SELECT COUNT(*) AS n FROM sfn_executions WHERE state_machine_arn = ? AND status = 'RUNNING'`),
      historyInsert: p(`INSERT OR REPLACE INTO sfn_history (execution_arn, id, event) VALUES (?, ?, ?)`),
      historyInsertChunk: p(
        `INSERT OR REPLACE INTO sfn_history (execution_arn, id, event) VALUES ${Array(HISTORY_CHUNK).fill('(?, ?, ?)').join(', ')}`,
      ),
      historyPage: p(`SELECT event FROM sfn_history WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ? + 0`),
      historyPageDesc: p(
        `SELECT event FROM sfn_history WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ? + 0`,
      ),
      atInsert: p(`INSERT OR REPLACE INTO sfn_activity_tasks (token, activity_arn, execution_arn, task_id, input,
        created_at) VALUES (@token, @activity_arn, @execution_arn, @task_id, @input, @created_at)`),
      atNext: p(`SELECT * FROM sfn_activity_tasks WHERE activity_arn = ? ORDER BY created_at, token LIMIT 1`),
      atDelete: p(`DELETE FROM sfn_activity_tasks WHERE token = ?`),
      atDeleteTask: p(`DELETE FROM sfn_activity_tasks WHERE execution_arn = ? AND task_id = ?`),
      inflightPut: p(`INSERT OR REPLACE INTO sfn_inflight (key, payload) VALUES (?, ?)`),
      inflightDelete: p(`DELETE FROM sfn_inflight WHERE key = ?`),
      inflightAll: p(`SELECT key, payload FROM sfn_inflight`),
    };
  }

  stateMachine(arn: string): StateMachineRow | undefined {
    return this.s.smGet.get(arn) as StateMachineRow | undefined;
  }
  insertStateMachine(row: Omit<StateMachineRow, 'seq'>): void {
    this.s.smInsert.run(row);
  }
  updateStateMachine(row: StateMachineRow): void {
    this.s.smUpdate.run(row);
  }
  deleteStateMachine(arn: string): void {
    this.s.smDelete.run(arn);
    this.s.versionDeleteAll.run(arn);
    this.s.aliasDeleteAll.run(arn);
    this.s.tagsDeleteAll.run(arn);
  }
  listStateMachines(accountId: string, region: string, afterSeq: number, limit: number): StateMachineRow[] {
    return this.s.smList.all(accountId, region, afterSeq, limit) as StateMachineRow[];
  }

  insertVersion(row: VersionRow): void {
    this.s.versionInsert.run(row);
  }
  version(arn: string): VersionRow | undefined {
    return this.s.versionGet.get(arn) as VersionRow | undefined;
  }
  latestVersion(smArn: string): VersionRow | undefined {
    return this.s.versionLatest.get(smArn) as VersionRow | undefined;
  }
  listVersions(smArn: string, belowVersion: number, limit: number): VersionRow[] {
    return this.s.versionList.all(smArn, belowVersion, limit) as VersionRow[];
  }
  deleteVersion(arn: string): void {
    this.s.versionDelete.run(arn);
  }

  alias(arn: string): AliasRow | undefined {
    return this.s.aliasGet.get(arn) as AliasRow | undefined;
  }
  putAlias(row: AliasRow): void {
    this.s.aliasUpsert.run(row);
  }
  listAliases(smArn: string): AliasRow[] {
    return this.s.aliasList.all(smArn) as AliasRow[];
  }
  deleteAlias(arn: string): void {
    this.s.aliasDelete.run(arn);
  }

  tags(arn: string): Array<{ key: string; value: string }> {
    return this.s.tagsGet.all(arn) as Array<{ key: string; value: string }>;
  }
  setTag(arn: string, key: string, value: string): void {
    this.s.tagSet.run(arn, key, value);
  }
  deleteTag(arn: string, key: string): void {
    this.s.tagDelete.run(arn, key);
  }

  activity(arn: string): ActivityRow | undefined {
    return this.s.activityGet.get(arn) as ActivityRow | undefined;
  }
  insertActivity(arn: string, accountId: string, region: string, name: string, createdAt: number): void {
    this.s.activityInsert.run(arn, accountId, region, name, createdAt);
  }
  deleteActivity(arn: string): void {
    this.s.activityDelete.run(arn);
    this.s.tagsDeleteAll.run(arn);
  }
  listActivities(accountId: string, region: string, afterSeq: number, limit: number): ActivityRow[] {
    return this.s.activityList.all(accountId, region, afterSeq, limit) as ActivityRow[];
  }

  execution(arn: string): ExecutionRow | undefined {
    return this.s.execGet.get(arn) as ExecutionRow | undefined;
  }
  insertExecution(row: Omit<ExecutionRow, 'seq'>): void {
    this.s.execInsert.run(row);
  }
  updateExecution(
    row: Pick<ExecutionRow, 'arn' | 'status' | 'output' | 'error' | 'cause' | 'stop_date' | 'snapshot'>,
  ): void {
    this.s.execUpdate.run(row);
  }
  setParent(arn: string, parent: string): void {
    this.s.execSetParent.run(parent, arn);
  }
  listExecutions(
    by: 'stateMachine' | 'version',
    arn: string,
    status: string | null,
    beforeSeq: number,
    limit: number,
  ): ExecutionRow[] {
    const stmt = by === 'version' ? this.s.execListByVersion : this.s.execListBySm;
    return stmt.all(arn, beforeSeq, status, status, limit) as ExecutionRow[];
  }
  runningExecutions(smArn: string): number {
    return (this.s.execRunningBySm.get(smArn) as { n: number }).n;
  }

  appendHistory(arn: string, id: number, event: string): void {
    this.s.historyInsert.run(arn, id, event);
  }
  /** Many events in multi-row INSERTs (a Pass loop appends thousands per step; one statement each is slow). */
  appendHistoryMany(arn: string, events: Array<{ id: number; text: string }>): void {
    let i = 0;
    for (; i + HISTORY_CHUNK <= events.length; i += HISTORY_CHUNK) {
      const args: Array<string | number> = [];
      for (let j = i; j < i + HISTORY_CHUNK; j++) {
        const e = events[j] as { id: number; text: string };
        args.push(arn, e.id, e.text);
      }
      this.s.historyInsertChunk.run(...args);
    }
    for (; i < events.length; i++)
      this.appendHistory(arn, (events[i] as { id: number }).id, (events[i] as { text: string }).text);
  }
  history(arn: string, reverse: boolean, after: number, limit: number): string[] {
    const rows = (reverse ? this.s.historyPageDesc : this.s.historyPage).all(arn, after, limit) as Array<{
      event: string;
    }>;
    return rows.map((r) => r.event);
  }

  addActivityTask(row: ActivityTaskRow): void {
    this.s.atInsert.run(row);
  }
  nextActivityTask(activityArn: string): ActivityTaskRow | undefined {
    return this.s.atNext.get(activityArn) as ActivityTaskRow | undefined;
  }
  deleteActivityTask(token: string): void {
    this.s.atDelete.run(token);
  }
  deleteActivityTaskOf(executionArn: string, taskId: string): void {
    this.s.atDeleteTask.run(executionArn, taskId);
  }

  putInflight(key: string, payload: string): void {
    this.s.inflightPut.run(key, payload);
  }
  deleteInflight(key: string): void {
    this.s.inflightDelete.run(key);
  }
  inflight(): Array<{ key: string; payload: string }> {
    return this.s.inflightAll.all() as Array<{ key: string; payload: string }>;
  }
}
