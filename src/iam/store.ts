// All SQL of IAM and STS, behind narrow methods; statements are prepared once. Entity names are keyed in lower
// case because IAM names are unique case-insensitively (the record keeps the name as created).
import type { Db } from '../store/store.js';
import type { AccessKeyRow, AccountRec, EntityKind, EntityKinds, SessionData, SessionRow } from './records.js';

export class IamStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p(`SELECT data FROM iam_entities WHERE account_id = ? AND kind = ? AND name = ?`),
      list: p(`SELECT data FROM iam_entities WHERE account_id = ? AND kind = ? ORDER BY name`),
      put: p(`INSERT OR REPLACE INTO iam_entities (account_id, kind, name, data) VALUES (?, ?, ?, ?)`),
      del: p(`DELETE FROM iam_entities WHERE account_id = ? AND kind = ? AND name = ?`),
      key: p(`SELECT * FROM iam_access_keys WHERE key_id = ?`),
      keysOf: p(`SELECT * FROM iam_access_keys WHERE account_id = ? AND user_name = ? AND status != 'Deleted'
        ORDER BY created_at, key_id`),
      putKey: p(`INSERT OR REPLACE INTO iam_access_keys (key_id, account_id, user_name, secret, status, created_at,
        last_used_at, last_service, last_region) VALUES (@key_id, @account_id, @user_name, @secret, @status,
        @created_at, @last_used_at, @last_service, @last_region)`),
      account: p(`SELECT data FROM iam_account WHERE account_id = ?`),
      accounts: p(`SELECT account_id, data FROM iam_account`),
      putAccount: p(`INSERT OR REPLACE INTO iam_account (account_id, data) VALUES (?, ?)`),
      session: p(`SELECT * FROM sts_sessions WHERE key_id = ?`),
      putSession: p(`INSERT INTO sts_sessions (key_id, account_id, secret, token, expires_at, data)
        VALUES (?, ?, ?, ?, ?, ?)`),
    };
  }

  get<K extends EntityKind>(accountId: string, kind: K, name: string): EntityKinds[K] | undefined {
    const row = this.s.get.get(accountId, kind, name.toLowerCase()) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as EntityKinds[K]) : undefined;
  }

  list<K extends EntityKind>(accountId: string, kind: K): EntityKinds[K][] {
    return (this.s.list.all(accountId, kind) as { data: string }[]).map((r) => JSON.parse(r.data) as EntityKinds[K]);
  }

  put<K extends EntityKind>(accountId: string, kind: K, rec: EntityKinds[K]): void {
    this.s.put.run(accountId, kind, rec.name.toLowerCase(), JSON.stringify(rec));
  }

  delete(accountId: string, kind: EntityKind, name: string): void {
    this.s.del.run(accountId, kind, name.toLowerCase());
  }

  accessKey(keyId: string): AccessKeyRow | undefined {
    return this.s.key.get(keyId) as AccessKeyRow | undefined;
  }

  accessKeysOf(accountId: string, userName: string): AccessKeyRow[] {
    return this.s.keysOf.all(accountId, userName) as AccessKeyRow[];
  }

  putAccessKey(row: AccessKeyRow): void {
    this.s.putKey.run(row);
  }

  account(accountId: string): AccountRec {
    const row = this.s.account.get(accountId) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as AccountRec) : { aliases: [] };
  }

  /** The account that uses an alias (aliases are unique across AWS). */
  aliasOwner(alias: string): string | undefined {
    for (const r of this.s.accounts.all() as { account_id: string; data: string }[]) {
      if ((JSON.parse(r.data) as AccountRec).aliases.includes(alias)) return r.account_id;
    }
    return undefined;
  }

  putAccount(accountId: string, rec: AccountRec): void {
    this.s.putAccount.run(accountId, JSON.stringify(rec));
  }

  session(keyId: string): (SessionRow & { parsed: SessionData }) | undefined {
    const row = this.s.session.get(keyId) as SessionRow | undefined;
    return row ? { ...row, parsed: JSON.parse(row.data) as SessionData } : undefined;
  }

  putSession(row: Omit<SessionRow, 'data'>, data: SessionData): void {
    this.s.putSession.run(row.key_id, row.account_id, row.secret, row.token, row.expires_at, JSON.stringify(data));
  }
}
