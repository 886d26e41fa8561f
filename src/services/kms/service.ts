// Shared state of one KMS instance: the store, the master key wrapping key material, and the helpers every handler
// module uses: resolving KeyId references (id, ARN, alias name, alias ARN), key states, and KeyMetadata.
import { randomBytes, randomUUID } from 'node:crypto';
import type { CoreServices, RequestContext } from '../types.js';
import type { KeyMetadata, Tag } from './api.js';
import { KmsErrors } from './errors.js';
import { createAwsManagedKey, isAwsManagedAlias } from './managed.js';
import { MasterKey } from './master.js';
import { algorithms } from './specs.js';
import { KmsStore, type KeyRow } from './store.js';

export const keyArn = (k: { region: string; account_id: string; key_id: string }) =>
  `arn:aws:kms:${k.region}:${k.account_id}:key/${k.key_id}`;
export const aliasArn = (region: string, account: string, name: string) => `arn:aws:kms:${region}:${account}:${name}`;

const ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/;

/** A KeyId reference, not yet looked up. */
export interface KeyRef {
  account: string;
  region: string;
  /** Set for key ids and key ARNs. */
  keyId?: string;
  /** Set for alias names and alias ARNs ('alias/x'). */
  alias?: string;
  /** What the caller wrote, as a full ARN (for error messages). */
  arn: string;
}

/** Parses a KeyId parameter; throws NotFoundException for malformed ARNs, as KMS does. */
export function parseKeyRef(value: string, ctx: { accountId: string; region: string }): KeyRef {
  if (value.startsWith('arn:')) {
    const m = ARN.exec(value);
    if (!m) throw KmsErrors.notFound('Invalid arn');
    const [, region, account, rest] = m as unknown as [string, string, string, string];
    if (rest.startsWith('alias/')) return { account, region, alias: rest, arn: value };
    return { account, region, keyId: rest.slice(4), arn: value };
  }
  const { accountId: account, region } = ctx;
  if (value.startsWith('alias/')) return { account, region, alias: value, arn: aliasArn(region, account, value) };
  return { account, region, keyId: value, arn: `arn:aws:kms:${region}:${account}:key/${value}` };
}

export class KmsService {
  readonly store: KmsStore;
  readonly master: MasterKey;

  constructor(readonly core: CoreServices) {
    this.store = new KmsStore(core.store.db);
    this.master = MasterKey.forStore(core.store.path);
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** The key a reference names (aliases followed); undefined if there is none in the request's region. */
  lookup(ref: KeyRef, region: string): KeyRow | undefined {
    if (ref.region !== region) return undefined;
    if (ref.alias) {
      const a = this.store.alias(ref.account, ref.region, ref.alias);
      if (!a && isAwsManagedAlias(ref.alias)) return createAwsManagedKey(this, ref.account, ref.region, ref.alias);
      return a ? this.store.key(ref.account, ref.region, a.key_id) : undefined;
    }
    return this.store.key(ref.account, ref.region, ref.keyId!);
  }

  /**
   * Resolves a KeyId parameter. `aliases` says whether the operation documents alias names/ARNs as KeyId; where it
   * does not, an alias is answered like an unknown key.
   */
  resolve(value: string, ctx: RequestContext, aliases = true): KeyRow {
    const ref = parseKeyRef(value, ctx);
    if (ref.alias && !aliases) throw KmsErrors.notFound(`Invalid keyId '${value}'`);
    const row = this.lookup(ref, ctx.region);
    if (row) return row;
    if (ref.alias) throw KmsErrors.aliasNotFound(ref.arn);
    throw KmsErrors.keyNotFound(ref.arn);
  }

  /** Cryptographic operations need an Enabled key. */
  usable(k: KeyRow): void {
    if (k.state === 'Enabled') return;
    if (k.state === 'Disabled') throw KmsErrors.disabled(keyArn(k));
    this.notPending(k);
  }

  /** Operations refused while a key waits for deletion. */
  notPending(k: KeyRow): void {
    if (k.state === 'PendingDeletion') throw KmsErrors.pendingDeletion(keyArn(k));
    if (k.state === 'PendingReplicaDeletion') throw KmsErrors.invalidState(`${keyArn(k)} is pending replica deletion.`);
  }

  /** Throws InvalidKeyUsageException unless the key's usage is `usage`. */
  requireUsage(k: KeyRow, usage: string, operation: string): void {
    if (k.key_usage !== usage)
      throw KmsErrors.invalidKeyUsage(`${keyArn(k)} key usage is ${k.key_usage} which is not valid for ${operation}.`);
  }

  newKeyId(multiRegion: boolean): string {
    return multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
  }

  /** Plaintext key material of one version (default: the current one). */
  material(k: KeyRow, version?: number): { version: number; material: Buffer } | undefined {
    const row = version === undefined ? this.store.latestMaterial(k) : this.store.material(k, version);
    return row ? { version: row.version, material: this.master.unwrap(row.wrapped) } : undefined;
  }

  addMaterial(k: KeyRow, version: number, material: Buffer, rotationType: string | null, at = this.now()): void {
    this.store.addMaterial(k, version, at, rotationType, this.master.wrap(material));
  }

  save(k: KeyRow): void {
    this.store.saveKey(k);
  }

  tags(k: KeyRow): Tag[] {
    return JSON.parse(k.tags) as Tag[];
  }

  metadata(k: KeyRow): KeyMetadata {
    const md: KeyMetadata = {
      AWSAccountId: k.account_id,
      KeyId: k.key_id,
      Arn: keyArn(k),
      CreationDate: new Date(k.created_at),
      Enabled: k.state === 'Enabled',
      Description: k.description,
      KeyUsage: k.key_usage as KeyMetadata['KeyUsage'],
      KeyState: k.state as KeyMetadata['KeyState'],
    };
    if (k.deletion_at !== null) md.DeletionDate = new Date(k.deletion_at);
    md.Origin = k.origin as KeyMetadata['Origin'];
    const managed = this.store.aliases(k.account_id, k.region, k.key_id).some((a) => a.name.startsWith('alias/aws/'));
    md.KeyManager = managed ? 'AWS' : 'CUSTOMER';
    md.CustomerMasterKeySpec = k.key_spec as KeyMetadata['CustomerMasterKeySpec'];
    md.KeySpec = k.key_spec as KeyMetadata['KeySpec'];
    Object.assign(md, algorithms(k.key_spec, k.key_usage));
    md.MultiRegion = k.multi_region !== null;
    if (k.multi_region !== null) {
      const copies = this.store.keyInRegions(k.account_id, k.key_id);
      const primary = copies.find((c) => c.multi_region === 'PRIMARY');
      md.MultiRegionConfiguration = {
        MultiRegionKeyType: k.multi_region as 'PRIMARY' | 'REPLICA',
        ...(primary ? { PrimaryKey: { Arn: keyArn(primary), Region: primary.region } } : {}),
        ReplicaKeys: copies
          .filter((c) => c.multi_region === 'REPLICA')
          .map((c) => ({ Arn: keyArn(c), Region: c.region })),
      };
    }
    return md;
  }
}
