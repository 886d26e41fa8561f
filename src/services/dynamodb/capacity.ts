// ConsumedCapacity with the documented unit math: reads in 4 KB units (halved when eventually consistent,
// doubled in transactions), writes in 1 KB units, Query/Scan charged on the summed size of what they read.
import type { ConsumedCapacity } from '../../../generated/dynamodb/types.js';
import type { TableInfo } from './table.js';

export const readUnits = (bytes: number, consistent: boolean, transactional = false): number => {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return transactional ? units * 2 : consistent ? units : units / 2;
};

export const writeUnits = (bytes: number, transactional = false): number =>
  Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);

type Mode = string | undefined;

/** Accumulates one table's consumption within a request. */
export class CapacityMeter {
  table = 0;
  readonly gsis = new Map<string, number>();
  readonly lsis = new Map<string, number>();

  constructor(
    readonly info: TableInfo,
    readonly kind: 'read' | 'write',
  ) {}

  addIndex(name: string, units: number): void {
    const idx = this.info.indexes.get(name);
    const map = idx?.kind === 'LSI' ? this.lsis : this.gsis;
    map.set(name, (map.get(name) ?? 0) + units);
  }

  total(): number {
    let n = this.table;
    for (const v of this.gsis.values()) n += v;
    for (const v of this.lsis.values()) n += v;
    return n;
  }

  result(mode: Mode): ConsumedCapacity | undefined {
    if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
    const unit = (n: number) => (this.kind === 'read' ? { ReadCapacityUnits: n } : { WriteCapacityUnits: n });
    // TOTAL carries only the sum (what AWS returns); INDEXES details each part with its read/write split.
    const out: ConsumedCapacity = { TableName: this.info.name, CapacityUnits: this.total() };
    if (mode === 'INDEXES') {
      out.Table = { CapacityUnits: this.table, ...unit(this.table) };
      const map = (m: Map<string, number>) =>
        Object.fromEntries([...m].map(([k, v]) => [k, { CapacityUnits: v, ...unit(v) }]));
      if (this.gsis.size > 0) out.GlobalSecondaryIndexes = map(this.gsis);
      if (this.lsis.size > 0) out.LocalSecondaryIndexes = map(this.lsis);
    }
    return out;
  }
}
