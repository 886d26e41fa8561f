// SQL for archives (with their archived events) and replays.
import type { Db } from '../../store/store.js';

export interface ArchiveRow {
  account_id: string;
  region: string;
  name: string;
  source_arn: string;
  description: string | null;
  pattern: string | null;
  retention_days: number;
  state: string;
  created_at: number;
}

export interface ReplayRow {
  account_id: string;
  region: string;
  name: string;
  source_arn: string;
  description: string | null;
  destination: string;
  event_start: number;
  event_end: number;
  state: string;
  state_reason: string | null;
  replay_start: number;
  replay_end: number | null;
  last_replayed: number | null;
}

export interface ArchivedEvent {
  seq: number;
  at: number;
  event: string;
}

export class ArchiveStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      archive: p(`SELECT * FROM events_archives WHERE account_id = ? AND region = ? AND name = ?`),
      archives: p(`SELECT * FROM events_archives WHERE account_id = ? AND region = ? ORDER BY name`),
      archivesFor: p(`SELECT * FROM events_archives WHERE source_arn = ?`),
      insertArchive: p(`INSERT INTO events_archives (account_id, region, name, source_arn, description, pattern,
        retention_days, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateArchive: p(`UPDATE events_archives SET description = ?, pattern = ?, retention_days = ?
        WHERE account_id = ? AND region = ? AND name = ?`),
      deleteArchive: p(`DELETE FROM events_archives WHERE account_id = ? AND region = ? AND name = ?`),
      deleteArchived: p(`DELETE FROM events_archived WHERE account_id = ? AND region = ? AND archive = ?`),
      stats: p(`SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM events_archived
        WHERE account_id = ? AND region = ? AND archive = ?`),
      archiveEvent: p(`INSERT INTO events_archived (account_id, region, archive, at, size, event)
        VALUES (?, ?, ?, ?, ?, ?)`),
      expire: p(`DELETE FROM events_archived WHERE account_id = ? AND region = ? AND archive = ? AND at < ?`),
      page: p(`SELECT seq, at, event FROM events_archived WHERE account_id = ? AND region = ? AND archive = ?
        AND at >= ? AND at < ? AND seq > ? ORDER BY seq LIMIT ? + 0`),
      replay: p(`SELECT * FROM events_replays WHERE account_id = ? AND region = ? AND name = ?`),
      replays: p(`SELECT * FROM events_replays WHERE account_id = ? AND region = ? ORDER BY name`),
      insertReplay: p(`INSERT INTO events_replays (account_id, region, name, source_arn, description, destination,
        event_start, event_end, state, replay_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateReplay: p(`UPDATE events_replays SET state = ?, state_reason = ?, replay_end = ?, last_replayed = ?
        WHERE account_id = ? AND region = ? AND name = ?`),
    };
  }

  archive(accountId: string, region: string, name: string): ArchiveRow | undefined {
    return this.s.archive.get(accountId, region, name) as ArchiveRow | undefined;
  }
  archives(accountId: string, region: string): ArchiveRow[] {
    return this.s.archives.all(accountId, region) as ArchiveRow[];
  }
  archivesFor(sourceArn: string): ArchiveRow[] {
    return this.s.archivesFor.all(sourceArn) as ArchiveRow[];
  }
  insertArchive(a: ArchiveRow): void {
    this.s.insertArchive.run(
      a.account_id,
      a.region,
      a.name,
      a.source_arn,
      a.description,
      a.pattern,
      a.retention_days,
      a.state,
      a.created_at,
    );
  }
  updateArchive(a: ArchiveRow): void {
    this.s.updateArchive.run(a.description, a.pattern, a.retention_days, a.account_id, a.region, a.name);
  }
  deleteArchive(a: ArchiveRow): void {
    this.s.deleteArchived.run(a.account_id, a.region, a.name);
    this.s.deleteArchive.run(a.account_id, a.region, a.name);
  }
  stats(a: ArchiveRow): { count: number; bytes: number } {
    const r = this.s.stats.get(a.account_id, a.region, a.name) as { n: number; bytes: number };
    return { count: r.n, bytes: r.bytes };
  }
  archiveEvent(a: ArchiveRow, at: number, event: string): void {
    this.s.archiveEvent.run(a.account_id, a.region, a.name, at, Buffer.byteLength(event), event);
  }
  expire(a: ArchiveRow, before: number): void {
    this.s.expire.run(a.account_id, a.region, a.name, before);
  }
  /** Archived events with start <= time < end, after `afterSeq`, in arrival order. */
  page(a: ArchiveRow, start: number, end: number, afterSeq: number, limit: number): ArchivedEvent[] {
    return this.s.page.all(a.account_id, a.region, a.name, start, end, afterSeq, limit) as ArchivedEvent[];
  }

  replay(accountId: string, region: string, name: string): ReplayRow | undefined {
    return this.s.replay.get(accountId, region, name) as ReplayRow | undefined;
  }
  replays(accountId: string, region: string): ReplayRow[] {
    return this.s.replays.all(accountId, region) as ReplayRow[];
  }
  insertReplay(r: ReplayRow): void {
    this.s.insertReplay.run(
      r.account_id,
      r.region,
      r.name,
      r.source_arn,
      r.description,
      r.destination,
      r.event_start,
      r.event_end,
      r.state,
      r.replay_start,
    );
  }
  updateReplay(r: ReplayRow): void {
    this.s.updateReplay.run(r.state, r.state_reason, r.replay_end, r.last_replayed, r.account_id, r.region, r.name);
  }
}
