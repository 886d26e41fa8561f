// All SQL of the Lambda service, behind narrow methods. Statements are prepared once.
import type { Db } from '../../store/store.js';
import type { AliasConfiguration, FunctionConfiguration } from './api.js';

export interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  next_version: number;
  tags: string;
  policy: string | null;
  policy_revision: string | null;
  reserved_concurrency: number | null;
  created_at: number;
}

export interface FunctionKey {
  accountId: string;
  region: string;
  name: string;
}

export interface StoredEventInvokeConfig {
  qualifier: string;
  config: Record<string, unknown>;
}

export interface StoredMapping {
  uuid: string;
  accountId: string;
  region: string;
  functionName: string;
  config: Record<string, unknown>;
}

const k = (key: FunctionKey) => [key.accountId, key.region, key.name] as const;

export class LambdaStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    const fn = `account_id = ? AND region = ? AND name = ?`;
    this.s = {
      getFunction: p(`SELECT * FROM lambda_functions WHERE ${fn}`),
      insertFunction: p(
        `INSERT INTO lambda_functions (account_id, region, name, tags, created_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      deleteFunction: p(`DELETE FROM lambda_functions WHERE ${fn}`),
      setNextVersion: p(`UPDATE lambda_functions SET next_version = ? WHERE ${fn}`),
      setTags: p(`UPDATE lambda_functions SET tags = ? WHERE ${fn}`),
      setPolicy: p(`UPDATE lambda_functions SET policy = ?, policy_revision = ? WHERE ${fn}`),
      setConcurrency: p(`UPDATE lambda_functions SET reserved_concurrency = ? WHERE ${fn}`),
      sumConcurrency: p(
        `SELECT COALESCE(SUM(reserved_concurrency), 0) AS total FROM lambda_functions
         WHERE account_id = ? AND region = ? AND name != ?`,
      ),
      listLatest: p(
        `SELECT config FROM lambda_versions WHERE account_id = ? AND region = ? AND version = '$LATEST' AND name > ?
         ORDER BY name LIMIT ? + 0`,
      ),
      listAll: p(
        `SELECT name, seq, config FROM lambda_versions WHERE account_id = ? AND region = ?
         AND (name > ? OR (name = ? AND seq > ?)) ORDER BY name, seq LIMIT ? + 0`,
      ),
      getVersion: p(`SELECT config FROM lambda_versions WHERE ${fn} AND version = ?`),
      putVersion: p(
        `INSERT INTO lambda_versions (account_id, region, name, version, seq, config) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, region, name, version) DO UPDATE SET config = excluded.config`,
      ),
      listVersions: p(`SELECT config FROM lambda_versions WHERE ${fn} AND seq > ? ORDER BY seq LIMIT ? + 0`),
      lastPublished: p(`SELECT config FROM lambda_versions WHERE ${fn} AND seq > 0 ORDER BY seq DESC LIMIT 1`),
      deleteVersion: p(`DELETE FROM lambda_versions WHERE ${fn} AND version = ?`),
      deleteVersions: p(`DELETE FROM lambda_versions WHERE ${fn}`),
      getAlias: p(
        `SELECT config FROM lambda_aliases WHERE account_id = ? AND region = ? AND function_name = ? AND name = ?`,
      ),
      putAlias: p(
        `INSERT INTO lambda_aliases (account_id, region, function_name, name, config) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (account_id, region, function_name, name) DO UPDATE SET config = excluded.config`,
      ),
      deleteAlias: p(
        `DELETE FROM lambda_aliases WHERE account_id = ? AND region = ? AND function_name = ? AND name = ?`,
      ),
      deleteAliases: p(`DELETE FROM lambda_aliases WHERE account_id = ? AND region = ? AND function_name = ?`),
      listAliases: p(
        `SELECT config FROM lambda_aliases WHERE account_id = ? AND region = ? AND function_name = ? ORDER BY name`,
      ),
      getEic: p(
        `SELECT config FROM lambda_event_invoke_configs
         WHERE account_id = ? AND region = ? AND function_name = ? AND qualifier = ?`,
      ),
      putEic: p(
        `INSERT INTO lambda_event_invoke_configs (account_id, region, function_name, qualifier, config)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, region, function_name, qualifier)
         DO UPDATE SET config = excluded.config`,
      ),
      deleteEic: p(
        `DELETE FROM lambda_event_invoke_configs WHERE account_id = ? AND region = ? AND function_name = ? AND qualifier = ?`,
      ),
      deleteEics: p(
        `DELETE FROM lambda_event_invoke_configs WHERE account_id = ? AND region = ? AND function_name = ?`,
      ),
      listEics: p(
        `SELECT qualifier, config FROM lambda_event_invoke_configs WHERE account_id = ? AND region = ? AND function_name = ?
         ORDER BY qualifier`,
      ),
      getMapping: p(`SELECT * FROM lambda_event_source_mappings WHERE uuid = ?`),
      putMapping: p(
        `INSERT INTO lambda_event_source_mappings (uuid, account_id, region, function_name, config) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (uuid) DO UPDATE SET config = excluded.config, function_name = excluded.function_name`,
      ),
      deleteMapping: p(`DELETE FROM lambda_event_source_mappings WHERE uuid = ?`),
      listMappings: p(`SELECT * FROM lambda_event_source_mappings WHERE account_id = ? AND region = ? ORDER BY uuid`),
      getCheckpoint: p(`SELECT * FROM lambda_stream_checkpoints WHERE uuid = ? AND shard_id = ?`),
      putCheckpoint: p(
        `INSERT INTO lambda_stream_checkpoints (uuid, shard_id, next_seq, attempts, cap_end, cap_size)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid, shard_id) DO UPDATE SET next_seq = excluded.next_seq,
         attempts = excluded.attempts, cap_end = excluded.cap_end, cap_size = excluded.cap_size`,
      ),
      deleteCheckpoints: p(`DELETE FROM lambda_stream_checkpoints WHERE uuid = ?`),
    };
  }

  getFunction(key: FunctionKey): FunctionRow | undefined {
    return this.s.getFunction.get(...k(key)) as FunctionRow | undefined;
  }
  insertFunction(key: FunctionKey, tags: Record<string, string>, now: number): void {
    this.s.insertFunction.run(...k(key), JSON.stringify(tags), now);
  }
  /** Deletes the function with every version, alias and event invoke config. */
  deleteFunction(key: FunctionKey): void {
    this.s.deleteFunction.run(...k(key));
    this.s.deleteVersions.run(...k(key));
    this.s.deleteAliases.run(...k(key));
    this.s.deleteEics.run(...k(key));
  }
  setNextVersion(key: FunctionKey, next: number): void {
    this.s.setNextVersion.run(next, ...k(key));
  }
  setTags(key: FunctionKey, tags: Record<string, string>): void {
    this.s.setTags.run(JSON.stringify(tags), ...k(key));
  }
  setPolicy(key: FunctionKey, policy: string | null, revision: string | null): void {
    this.s.setPolicy.run(policy, revision, ...k(key));
  }
  setConcurrency(key: FunctionKey, value: number | null): void {
    this.s.setConcurrency.run(value, ...k(key));
  }
  /** Reserved concurrency of the account's other functions in the region. */
  reservedElsewhere(key: FunctionKey): number {
    return (this.s.sumConcurrency.get(...k(key)) as { total: number }).total;
  }

  getVersion(key: FunctionKey, version: string): FunctionConfiguration | undefined {
    const row = this.s.getVersion.get(...k(key), version) as { config: string } | undefined;
    return row ? (JSON.parse(row.config) as FunctionConfiguration) : undefined;
  }
  /** seq orders versions: 0 for $LATEST, N for version N. */
  putVersion(key: FunctionKey, version: string, config: FunctionConfiguration): void {
    this.s.putVersion.run(...k(key), version, version === '$LATEST' ? 0 : Number(version), JSON.stringify(config));
  }
  deleteVersion(key: FunctionKey, version: string): void {
    this.s.deleteVersion.run(...k(key), version);
  }
  /** $LATEST first, then published versions in order, after `afterSeq`. */
  listVersions(key: FunctionKey, afterSeq: number, limit: number): FunctionConfiguration[] {
    return (this.s.listVersions.all(...k(key), afterSeq, limit) as Array<{ config: string }>).map(
      (r) => JSON.parse(r.config) as FunctionConfiguration,
    );
  }
  lastPublished(key: FunctionKey): FunctionConfiguration | undefined {
    const row = this.s.lastPublished.get(...k(key)) as { config: string } | undefined;
    return row ? (JSON.parse(row.config) as FunctionConfiguration) : undefined;
  }
  listLatest(accountId: string, region: string, afterName: string, limit: number): FunctionConfiguration[] {
    return (this.s.listLatest.all(accountId, region, afterName, limit) as Array<{ config: string }>).map(
      (r) => JSON.parse(r.config) as FunctionConfiguration,
    );
  }
  listAllVersions(
    accountId: string,
    region: string,
    after: { name: string; seq: number },
    limit: number,
  ): Array<{ name: string; seq: number; config: FunctionConfiguration }> {
    return (
      this.s.listAll.all(accountId, region, after.name, after.name, after.seq, limit) as Array<{
        name: string;
        seq: number;
        config: string;
      }>
    ).map((r) => ({ name: r.name, seq: r.seq, config: JSON.parse(r.config) as FunctionConfiguration }));
  }

  getAlias(key: FunctionKey, alias: string): AliasConfiguration | undefined {
    const row = this.s.getAlias.get(...k(key), alias) as { config: string } | undefined;
    return row ? (JSON.parse(row.config) as AliasConfiguration) : undefined;
  }
  putAlias(key: FunctionKey, alias: string, config: AliasConfiguration): void {
    this.s.putAlias.run(...k(key), alias, JSON.stringify(config));
  }
  deleteAlias(key: FunctionKey, alias: string): void {
    this.s.deleteAlias.run(...k(key), alias);
  }
  listAliases(key: FunctionKey): AliasConfiguration[] {
    return (this.s.listAliases.all(...k(key)) as Array<{ config: string }>).map(
      (r) => JSON.parse(r.config) as AliasConfiguration,
    );
  }

  getEventInvokeConfig(key: FunctionKey, qualifier: string): Record<string, unknown> | undefined {
    const row = this.s.getEic.get(...k(key), qualifier) as { config: string } | undefined;
    return row ? (JSON.parse(row.config) as Record<string, unknown>) : undefined;
  }
  putEventInvokeConfig(key: FunctionKey, qualifier: string, config: Record<string, unknown>): void {
    this.s.putEic.run(...k(key), qualifier, JSON.stringify(config));
  }
  deleteEventInvokeConfig(key: FunctionKey, qualifier: string): void {
    this.s.deleteEic.run(...k(key), qualifier);
  }
  listEventInvokeConfigs(key: FunctionKey): StoredEventInvokeConfig[] {
    return (this.s.listEics.all(...k(key)) as Array<{ qualifier: string; config: string }>).map((r) => ({
      qualifier: r.qualifier,
      config: JSON.parse(r.config) as Record<string, unknown>,
    }));
  }

  getMapping(uuid: string): StoredMapping | undefined {
    const row = this.s.getMapping.get(uuid) as MappingRow | undefined;
    return row ? mapping(row) : undefined;
  }
  putMapping(m: StoredMapping): void {
    this.s.putMapping.run(m.uuid, m.accountId, m.region, m.functionName, JSON.stringify(m.config));
  }
  /** Deletes the mapping with its stream checkpoints. */
  deleteMapping(uuid: string): void {
    this.s.deleteMapping.run(uuid);
    this.s.deleteCheckpoints.run(uuid);
  }
  listMappings(accountId: string, region: string): StoredMapping[] {
    return (this.s.listMappings.all(accountId, region) as MappingRow[]).map(mapping);
  }

  getCheckpoint(uuid: string, shardId: string): Checkpoint | undefined {
    const r = this.s.getCheckpoint.get(uuid, shardId) as CheckpointRow | undefined;
    if (!r) return undefined;
    const cap = r.cap_end !== null && r.cap_size !== null ? { end: r.cap_end, size: r.cap_size } : undefined;
    return { next: r.next_seq, attempts: r.attempts, ...(cap ? { cap } : {}) };
  }
  putCheckpoint(uuid: string, shardId: string, c: Checkpoint): void {
    this.s.putCheckpoint.run(uuid, shardId, c.next, c.attempts, c.cap?.end ?? null, c.cap?.size ?? null);
  }
}

/** Where a stream mapping stands in a shard: records before `next` are done. */
export interface Checkpoint {
  next: number;
  /** Failed invocations of the batch at `next` (reset when a batch succeeds or is discarded). */
  attempts: number;
  /** Set while a failed batch is being bisected: batches stop at seq `end` and hold at most `size` records. */
  cap?: { end: number; size: number };
}

interface CheckpointRow {
  next_seq: number;
  attempts: number;
  cap_end: number | null;
  cap_size: number | null;
}

interface MappingRow {
  uuid: string;
  account_id: string;
  region: string;
  function_name: string;
  config: string;
}

function mapping(r: MappingRow): StoredMapping {
  return {
    uuid: r.uuid,
    accountId: r.account_id,
    region: r.region,
    functionName: r.function_name,
    config: JSON.parse(r.config) as Record<string, unknown>,
  };
}
