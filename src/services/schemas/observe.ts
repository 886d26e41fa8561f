// Schema discovery on the EventBridge put path. EventBridge calls observeEvent() for every accepted event inside
// its acceptance transaction; buses without a started discoverer cost one map lookup. For a watched bus the
// event's detail is merged into the latest discovered schema `<source>@<DetailType>` and a new OpenApi3 version
// is written, in the same transaction, only when the merged schema differs.
import type { Db } from '../../store/store.js';
import type { CoreServices } from '../types.js';
import { DISCOVERED_REGISTRY } from './arns.js';
import { detailOf, discoveredName, merge, nodeOf, toOpenApi3 } from './infer.js';
import { ensureDiscoveredRegistry } from './registries.js';
import { putVersion } from './schemas.js';
import { SchemasStore, type DiscovererRow } from './store.js';

interface Watch {
  /** Bus ARN -> its started discoverers. */
  buses: Map<string, DiscovererRow[]>;
  store?: SchemasStore;
  /** A savepoint around one event's discovery: a failure never touches the event's acceptance. */
  guarded?: (fn: () => void) => void;
}

const watches = new WeakMap<Db, Watch>();

/** Discoverer writes call this so the next event reads the started discoverers afresh. */
export function invalidateDiscoverers(db: Db): void {
  watches.delete(db);
}

function load(db: Db): Watch {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schemas_discoverers'`).get();
  if (!table) return { buses: new Map() };
  const store = new SchemasStore(db);
  const buses = new Map<string, DiscovererRow[]>();
  for (const d of store.startedDiscoverers()) buses.set(d.source_arn, [...(buses.get(d.source_arn) ?? []), d]);
  const savepoint = db.transaction((fn: () => void) => fn());
  return { buses, store, guarded: (fn) => savepoint(fn) };
}

export interface ObservedBus {
  accountId: string;
  region: string;
  name: string;
}

/** Call inside the transaction that accepts the event. Never throws. */
export function observeEvent(core: CoreServices, bus: ObservedBus, event: Record<string, unknown>): void {
  const db = core.store.db;
  let w = watches.get(db);
  if (!w) {
    w = load(db);
    watches.set(db, w);
  }
  if (w.buses.size === 0) return;
  const list = w.buses.get(`arn:aws:events:${bus.region}:${bus.accountId}:event-bus/${bus.name}`);
  if (!list || !w.store || !w.guarded) return;
  const store = w.store;
  for (const d of list) {
    if (!d.cross_account && event.account !== d.account_id) continue;
    try {
      w.guarded(() => discover({ store, now: () => core.now() }, d, event));
    } catch {
      // Discovery is best effort; the event itself is already accepted.
    }
  }
}

function discover(svc: { store: SchemasStore; now(): number }, d: DiscovererRow, event: Record<string, unknown>): void {
  const source = event.source;
  const detailType = event['detail-type'];
  if (typeof source !== 'string' || typeof detailType !== 'string') return;
  const s = { accountId: d.account_id, region: d.region };
  const name = discoveredName(source, detailType);
  ensureDiscoveredRegistry(svc, s);
  const latest = svc.store.latest(s, DISCOVERED_REGISTRY, name);
  const prev = latest ? detailOf(latest.content) : undefined;
  const node = nodeOf(typeof event.detail === 'object' && event.detail !== null ? event.detail : {});
  const content = toOpenApi3({ source, detailType, detail: prev ? merge(prev, node) : node });
  putVersion(svc, s, DISCOVERED_REGISTRY, name, 'OpenApi3', content);
}
