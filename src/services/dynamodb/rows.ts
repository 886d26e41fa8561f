// Where an item lives: its base row key and the row key of every index it appears in, and the one write
// path that keeps the base table, its indexes, its stream and its TTL column consistent.
import { itemSize } from './values/size.js';
import { valuesEqual } from './values/compare.js';
import type { Item } from './values/types.js';
import { EMPTY_KEY, encodeKeyValue, hashKey, tableKeyBlob } from './keys.js';
import type { IndexInfo, KeyDef, TableInfo } from './table.js';
import type { DdbService } from './service.js';

export interface RowKey {
  hash: number;
  pk: Buffer;
  sk: Buffer;
}

export function rowKey(keys: KeyDef, item: Item): RowKey | undefined {
  const h = item[keys.hash.name];
  if (h === undefined || !(keys.hash.type in h)) return undefined;
  let sk: Buffer = EMPTY_KEY;
  if (keys.range) {
    const r = item[keys.range.name];
    if (r === undefined || !(keys.range.type in r)) return undefined;
    sk = encodeKeyValue(r);
  }
  const pk = encodeKeyValue(h);
  return { hash: hashKey(pk), pk, sk };
}

/** The primary key attributes of an item. */
export function keyOf(keys: KeyDef, item: Item): Item {
  const out: Item = { [keys.hash.name]: item[keys.hash.name]! };
  if (keys.range) out[keys.range.name] = item[keys.range.name]!;
  return out;
}

export interface WriteHooks {
  /** Called for each effective change, inside the transaction (streams). */
  onChange?(table: TableInfo, oldItem: Item | undefined, newItem: Item | undefined, service: boolean): void;
  /** TTL bookkeeping: the expiry (epoch seconds) of a written item. */
  onTtl?(table: TableInfo, ttl: number): void;
}

export class ItemWriter {
  constructor(
    private readonly svc: DdbService,
    private readonly hooks: WriteHooks,
  ) {}

  /** The current item at a base key. */
  get(table: TableInfo, key: RowKey): Item | undefined {
    const row = this.svc.store.getItem(table.id, '', key.hash, key.pk, key.sk, EMPTY_KEY);
    return row ? (JSON.parse(row.item) as Item) : undefined;
  }

  ttlOf(table: TableInfo, item: Item): number | null {
    const ttl = table.meta.ttl;
    if (!ttl?.enabled) return null;
    const v = item[ttl.attributeName];
    if (!v || !('N' in v)) return null;
    const n = Number(v.N);
    return Number.isFinite(n) ? Math.floor(n) : null;
  }

  /**
   * Replaces (newItem) or deletes (undefined) the item at `key`. Must run inside a transaction. `service`
   * marks deletions made by DynamoDB itself (TTL), which streams attribute to dynamodb.amazonaws.com.
   */
  write(table: TableInfo, key: RowKey, oldItem: Item | undefined, newItem: Item | undefined, service = false): void {
    const store = this.svc.store;
    if (newItem) {
      const ttl = this.ttlOf(table, newItem);
      store.putRow(table.id, '', key.hash, key.pk, key.sk, EMPTY_KEY, JSON.stringify(newItem), itemSize(newItem), ttl);
      if (ttl !== null) this.hooks.onTtl?.(table, ttl);
    } else if (oldItem) {
      store.deleteRow(table.id, '', key.hash, key.pk, key.sk, EMPTY_KEY);
    }
    if (table.indexes.size > 0) {
      const tk = tableKeyBlob(key.pk, key.sk);
      for (const index of table.indexes.values()) this.writeIndex(table, index, tk, oldItem, newItem);
    }
    if (oldItem === undefined && newItem === undefined) return;
    if (oldItem && newItem && valuesEqual({ M: oldItem }, { M: newItem })) return;
    this.hooks.onChange?.(table, oldItem, newItem, service);
  }

  writeIndex(
    table: TableInfo,
    index: IndexInfo,
    tk: Buffer,
    oldItem: Item | undefined,
    newItem: Item | undefined,
  ): void {
    const store = this.svc.store;
    const oldKey = oldItem ? rowKey(index.keys, oldItem) : undefined;
    const newKey = newItem ? rowKey(index.keys, newItem) : undefined;
    if (oldKey && !(newKey && newKey.pk.equals(oldKey.pk) && newKey.sk.equals(oldKey.sk))) {
      store.deleteRow(table.id, index.name, oldKey.hash, oldKey.pk, oldKey.sk, tk);
    }
    if (newKey && newItem) {
      store.putRow(
        table.id,
        index.name,
        newKey.hash,
        newKey.pk,
        newKey.sk,
        tk,
        JSON.stringify(newItem),
        itemSize(newItem),
        null,
      );
    }
  }

  /** Fills a new index from the base table (GSI creation). */
  backfill(table: TableInfo, index: IndexInfo): void {
    for (const json of this.svc.store.baseItems(table.id)) {
      const item = JSON.parse(json) as Item;
      const base = rowKey(table.keys, item);
      if (base) this.writeIndex(table, index, tableKeyBlob(base.pk, base.sk), undefined, item);
    }
  }
}
