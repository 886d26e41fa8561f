// Step Functions tables. An execution row holds the engine snapshot of its last committed transition; history
// events are rows of their own so GetExecutionHistory pages without parsing the snapshot. Work in flight lives in
// the core scheduler's _jobs (timers, task invocations) plus sfn_inflight (leases to re-dispatch after a crash).
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'stepfunctions/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE sfn_state_machines (
          arn TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          type TEXT NOT NULL,
          definition TEXT NOT NULL,
          role_arn TEXT NOT NULL,
          logging TEXT NOT NULL,
          tracing TEXT NOT NULL,
          encryption TEXT,
          revision_id TEXT,
          version_description TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          next_version INTEGER NOT NULL DEFAULT 1,
          seq INTEGER NOT NULL
        );
        CREATE INDEX sfn_state_machines_scope ON sfn_state_machines (account_id, region, seq);
        CREATE TABLE sfn_versions (
          arn TEXT PRIMARY KEY,
          state_machine_arn TEXT NOT NULL,
          version INTEGER NOT NULL,
          definition TEXT NOT NULL,
          role_arn TEXT NOT NULL,
          logging TEXT NOT NULL,
          tracing TEXT NOT NULL,
          description TEXT,
          revision_id TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX sfn_versions_sm ON sfn_versions (state_machine_arn, version);
        CREATE TABLE sfn_aliases (
          arn TEXT PRIMARY KEY,
          state_machine_arn TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT,
          routing TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX sfn_aliases_sm ON sfn_aliases (state_machine_arn, created_at);
        CREATE TABLE sfn_tags (
          resource_arn TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (resource_arn, key)
        ) WITHOUT ROWID;
        CREATE TABLE sfn_activities (
          arn TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          seq INTEGER NOT NULL
        );
        CREATE INDEX sfn_activities_scope ON sfn_activities (account_id, region, seq);
        CREATE TABLE sfn_executions (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          state_machine_arn TEXT NOT NULL,
          version_arn TEXT,
          alias_arn TEXT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          type TEXT NOT NULL,
          status TEXT NOT NULL,
          input TEXT NOT NULL,
          output TEXT,
          error TEXT,
          cause TEXT,
          start_date INTEGER NOT NULL,
          stop_date INTEGER,
          definition TEXT NOT NULL,
          role_arn TEXT NOT NULL,
          snapshot TEXT NOT NULL,
          parent TEXT,
          trace_header TEXT
        );
        CREATE INDEX sfn_executions_sm ON sfn_executions (state_machine_arn, seq);
        CREATE INDEX sfn_executions_version ON sfn_executions (version_arn, seq) WHERE version_arn IS NOT NULL;
        CREATE TABLE sfn_history (
          execution_arn TEXT NOT NULL,
          id INTEGER NOT NULL,
          event TEXT NOT NULL,
          PRIMARY KEY (execution_arn, id)
        ) WITHOUT ROWID;
        CREATE TABLE sfn_activity_tasks (
          token TEXT PRIMARY KEY,
          activity_arn TEXT NOT NULL,
          execution_arn TEXT NOT NULL,
          task_id TEXT NOT NULL,
          input TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX sfn_activity_tasks_queue ON sfn_activity_tasks (activity_arn, created_at);
        CREATE INDEX sfn_activity_tasks_exec ON sfn_activity_tasks (execution_arn, task_id);
        CREATE TABLE sfn_inflight (
          key TEXT PRIMARY KEY,
          payload TEXT NOT NULL
        );
      `);
    },
  },
  {
    id: 'stepfunctions/0002-map-runs-redrive',
    up(db) {
      db.exec(`
        ALTER TABLE sfn_executions ADD COLUMN redrive_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sfn_executions ADD COLUMN redrive_date INTEGER;
        CREATE TABLE sfn_map_runs (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          execution_arn TEXT NOT NULL,
          state_machine_arn TEXT NOT NULL,
          start_date INTEGER NOT NULL,
          stop_date INTEGER,
          info TEXT NOT NULL
        );
        CREATE INDEX sfn_map_runs_execution ON sfn_map_runs (execution_arn, seq);
      `);
    },
  },
];
