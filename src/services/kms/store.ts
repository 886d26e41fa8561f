// All SQL of the KMS service, prepared once. Rows are plain records; service.ts turns them into API shapes.
import type { Db } from '../../store/store.js';

export interface KeyRow {
  account_id: string;
  region: string;
  key_id: string;
  created_at: number;
  state: string;
  description: string;
  key_usage: string;
  key_spec: string;
  origin: string;
  policy: string;
  /** JSON array of { TagKey, TagValue } in insertion order. */
  tags: string;
  /** 'PRIMARY' | 'REPLICA' for multi-Region keys. */
  multi_region: string | null;
  deletion_at: number | null;
  pending_days: number | null;
  /** Automatic rotation period; null when rotation is disabled. */
  rotation_days: number | null;
  next_rotation_at: number | null;
  on_demand_at: number | null;
}

export interface MaterialRow {
  version: number;
  created_at: number;
  rotation_type: string | null;
  wrapped: Buffer;
}

export interface AliasRow {
  account_id: string;
  region: string;
  name: string;
  key_id: string;
  created_at: number;
  updated_at: number;
}

export interface GrantRow {
  account_id: string;
  region: string;
  grant_id: string;
  key_id: string;
  token: string;
  name: string | null;
  created_at: number;
  grantee: string;
  retiring: string | null;
  issuing_account: string;
  /** JSON array of operation names. */
  operations: string;
  /** JSON GrantConstraints or null. */
  constraints: string | null;
}

const KEY_COLS = `account_id, region, key_id, created_at, state, description, key_usage, key_spec, origin, policy, tags,
  multi_region, deletion_at, pending_days, rotation_days, next_rotation_at, on_demand_at`;
const KEY_VALS = `@account_id, @region, @key_id, @created_at, @state, @description, @key_usage, @key_spec, @origin,
  @policy, @tags, @multi_region, @deletion_at, @pending_days, @rotation_days, @next_rotation_at, @on_demand_at`;
const GRANT_COLS = `account_id, region, grant_id, key_id, token, name, created_at, grantee, retiring, issuing_account,
  operations, constraints`;

export class KmsStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      saveKey: p(`INSERT OR REPLACE INTO kms_keys (${KEY_COLS}) VALUES (${KEY_VALS})`),
      key: p(`SELECT ${KEY_COLS} FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?`),
      keys: p(`SELECT ${KEY_COLS} FROM kms_keys WHERE account_id = ? AND region = ? ORDER BY rowid`),
      keyInRegions: p(`SELECT ${KEY_COLS} FROM kms_keys WHERE account_id = ? AND key_id = ? ORDER BY rowid`),
      deleteKey: p(`DELETE FROM kms_keys WHERE account_id = ? AND region = ? AND key_id = ?`),
      addMaterial: p(`INSERT INTO kms_material (account_id, region, key_id, version, created_at, rotation_type, wrapped)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      material: p(`SELECT version, created_at, rotation_type, wrapped FROM kms_material
        WHERE account_id = ? AND region = ? AND key_id = ? AND version = ?`),
      materials: p(`SELECT version, created_at, rotation_type, wrapped FROM kms_material
        WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY version`),
      latestMaterial: p(`SELECT version, created_at, rotation_type, wrapped FROM kms_material
        WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY version DESC LIMIT 1`),
      deleteMaterial: p(`DELETE FROM kms_material WHERE account_id = ? AND region = ? AND key_id = ?`),
      saveAlias: p(`INSERT OR REPLACE INTO kms_aliases (account_id, region, name, key_id, created_at, updated_at)
        VALUES (@account_id, @region, @name, @key_id, @created_at, @updated_at)`),
      alias: p(`SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND name = ?`),
      aliases: p(`SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? ORDER BY name`),
      aliasesOf: p(`SELECT * FROM kms_aliases WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY name`),
      deleteAlias: p(`DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND name = ?`),
      deleteAliasesOf: p(`DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND key_id = ?`),
      addGrant: p(`INSERT INTO kms_grants (${GRANT_COLS}) VALUES (@account_id, @region, @grant_id, @key_id, @token,
        @name, @created_at, @grantee, @retiring, @issuing_account, @operations, @constraints)`),
      grant: p(`SELECT ${GRANT_COLS} FROM kms_grants WHERE account_id = ? AND region = ? AND grant_id = ?`),
      grantByToken: p(`SELECT ${GRANT_COLS} FROM kms_grants WHERE token = ?`),
      grantsOf: p(`SELECT ${GRANT_COLS} FROM kms_grants WHERE account_id = ? AND region = ? AND key_id = ?
        ORDER BY created_at, grant_id`),
      retirable: p(`SELECT ${GRANT_COLS} FROM kms_grants WHERE region = ? AND retiring = ?
        ORDER BY created_at, grant_id`),
      deleteGrant: p(`DELETE FROM kms_grants WHERE account_id = ? AND region = ? AND grant_id = ?`),
      deleteGrantsOf: p(`DELETE FROM kms_grants WHERE account_id = ? AND region = ? AND key_id = ?`),
    };
  }

  saveKey(row: KeyRow): void {
    this.s.saveKey.run(row);
  }

  key(account: string, region: string, keyId: string): KeyRow | undefined {
    return this.s.key.get(account, region, keyId) as KeyRow | undefined;
  }

  keys(account: string, region: string): KeyRow[] {
    return this.s.keys.all(account, region) as KeyRow[];
  }

  /** Every region's copy of a (multi-Region) key id. */
  keyInRegions(account: string, keyId: string): KeyRow[] {
    return this.s.keyInRegions.all(account, keyId) as KeyRow[];
  }

  /** Deletes a key with its material, aliases and grants. */
  deleteKey(account: string, region: string, keyId: string): void {
    this.s.deleteKey.run(account, region, keyId);
    this.s.deleteMaterial.run(account, region, keyId);
    this.s.deleteAliasesOf.run(account, region, keyId);
    this.s.deleteGrantsOf.run(account, region, keyId);
  }

  addMaterial(k: KeyRow, version: number, at: number, rotationType: string | null, wrapped: Buffer): void {
    this.s.addMaterial.run(k.account_id, k.region, k.key_id, version, at, rotationType, wrapped);
  }

  material(k: KeyRow, version: number): MaterialRow | undefined {
    return this.s.material.get(k.account_id, k.region, k.key_id, version) as MaterialRow | undefined;
  }

  materials(k: KeyRow): MaterialRow[] {
    return this.s.materials.all(k.account_id, k.region, k.key_id) as MaterialRow[];
  }

  latestMaterial(k: KeyRow): MaterialRow | undefined {
    return this.s.latestMaterial.get(k.account_id, k.region, k.key_id) as MaterialRow | undefined;
  }

  saveAlias(row: AliasRow): void {
    this.s.saveAlias.run(row);
  }

  alias(account: string, region: string, name: string): AliasRow | undefined {
    return this.s.alias.get(account, region, name) as AliasRow | undefined;
  }

  aliases(account: string, region: string, keyId?: string): AliasRow[] {
    return (
      keyId === undefined ? this.s.aliases.all(account, region) : this.s.aliasesOf.all(account, region, keyId)
    ) as AliasRow[];
  }

  deleteAlias(account: string, region: string, name: string): void {
    this.s.deleteAlias.run(account, region, name);
  }

  addGrant(row: GrantRow): void {
    this.s.addGrant.run(row);
  }

  grant(account: string, region: string, grantId: string): GrantRow | undefined {
    return this.s.grant.get(account, region, grantId) as GrantRow | undefined;
  }

  grantByToken(token: string): GrantRow | undefined {
    return this.s.grantByToken.get(token) as GrantRow | undefined;
  }

  grantsOf(account: string, region: string, keyId: string): GrantRow[] {
    return this.s.grantsOf.all(account, region, keyId) as GrantRow[];
  }

  retirable(region: string, principal: string): GrantRow[] {
    return this.s.retirable.all(region, principal) as GrantRow[];
  }

  deleteGrant(account: string, region: string, grantId: string): void {
    this.s.deleteGrant.run(account, region, grantId);
  }
}
