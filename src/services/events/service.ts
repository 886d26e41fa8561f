// Shared state of one EventBridge instance: the stores, and a cache of each bus's compiled rules with their
// targets (PutEvents matches against it without reading SQLite; every rule/target write drops the bus's entry).
import type { CoreServices } from '../types.js';
import type { Target } from '../../../generated/events/types.js';
import { compileEventPattern, type CompiledPattern } from '../../patterns/eventbridge/index.js';
import { EventsStore, type BusRow, type RuleRow } from './store.js';
import { ArchiveStore } from './archive-store.js';
import { DEFAULT_BUS, ruleArn, type BusRef } from './arns.js';
import { EventsErrors } from './errors.js';

export interface MatchRule {
  row: RuleRow;
  arn: string;
  pattern: CompiledPattern | undefined;
  targets: Target[];
}

const key = (b: BusRef) => `${b.accountId}\u0000${b.region}\u0000${b.name}`;

export class EventsService {
  readonly store: EventsStore;
  readonly archives: ArchiveStore;
  private readonly ruleCache = new Map<string, MatchRule[]>();

  constructor(readonly core: CoreServices) {
    this.store = new EventsStore(core.store.db);
    this.archives = new ArchiveStore(core.store.db);
    core.store.onReset(() => this.ruleCache.clear());
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** A bus row; the default bus exists implicitly in every account and region (a row only once it is changed). */
  bus(ref: BusRef): BusRow | undefined {
    const row = this.store.bus(ref.accountId, ref.region, ref.name);
    if (row || ref.name !== DEFAULT_BUS) return row;
    return defaultBusRow(ref);
  }

  requireBus(ref: BusRef): BusRow {
    const row = this.bus(ref);
    if (!row) throw EventsErrors.busNotFound(ref.name);
    return row;
  }

  requireRule(ref: BusRef, name: string): RuleRow {
    const row = this.store.rule(ref.accountId, ref.region, ref.name, name);
    if (!row) throw EventsErrors.ruleNotFound(name, ref.name);
    return row;
  }

  /** Writes the default bus's row the first time something about it is stored. */
  materialize(row: BusRow): void {
    if (!this.store.bus(row.account_id, row.region, row.name)) this.store.insertBus(row);
  }

  private readonly patternCache = new Map<string, CompiledPattern>();

  /** A compiled pattern (archives' filters), cached by its text. */
  compiled(pattern: string): CompiledPattern {
    let c = this.patternCache.get(pattern);
    if (!c) {
      if (this.patternCache.size > 1000) this.patternCache.clear();
      c = compileEventPattern(pattern);
      this.patternCache.set(pattern, c);
    }
    return c;
  }

  invalidate(ref: BusRef): void {
    this.ruleCache.delete(key(ref));
  }

  /** The bus's rules with compiled patterns and targets (cached). */
  matchRules(ref: BusRef): MatchRule[] {
    const k = key(ref);
    const cached = this.ruleCache.get(k);
    if (cached) return cached;
    const targets = new Map<string, Target[]>();
    for (const t of this.store.busTargets(ref.accountId, ref.region, ref.name)) {
      const list = targets.get(t.rule) ?? [];
      list.push(JSON.parse(t.spec) as Target);
      targets.set(t.rule, list);
    }
    const rules = this.store.rules(ref.accountId, ref.region, ref.name).map((row) => ({
      row,
      arn: ruleArn(ref, row.name),
      pattern: row.pattern ? compileEventPattern(row.pattern) : undefined,
      targets: (targets.get(row.name) ?? []).sort((a, b) => (a.Id < b.Id ? -1 : 1)),
    }));
    if (this.ruleCache.size > 10_000) this.ruleCache.clear();
    this.ruleCache.set(k, rules);
    return rules;
  }
}

export function defaultBusRow(ref: BusRef): BusRow {
  return {
    account_id: ref.accountId,
    region: ref.region,
    name: DEFAULT_BUS,
    description: null,
    kms_key: null,
    dlq_arn: null,
    policy: null,
    tags: '{}',
    created_at: 0,
    modified_at: 0,
  };
}
