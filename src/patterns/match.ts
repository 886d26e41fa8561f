/**
 * Matching a compiled pattern against an event, with AWS's semantics:
 * - the event is flattened into (dot-joined path, scalar value) entries; arrays contribute every element under the
 *   same path, and objects are not values (so `exists` only sees leaves);
 * - a branch matches when every path has an entry satisfying one of its matchers, and the chosen entries are "array
 *   consistent": entries that come from the same event array must come from the same element of it;
 * - `exists: false` matches when the path has no entry at all.
 */
import { type Branch, type Leaf, type Matcher, testLeaf } from './matchers.js';
import type { NumberLimits } from './numbers.js';

interface Entry {
  value: Leaf;
  /** Array id → element index, for every array this value sits inside. */
  trail: Map<number, number>;
}

export type FlatEvent = Map<string, Entry[]>;

export function flatten(event: unknown): FlatEvent {
  const out: FlatEvent = new Map();
  let arrays = 0;
  const walk = (v: unknown, path: string, trail: Map<number, number>) => {
    if (Array.isArray(v)) {
      const id = arrays++;
      v.forEach((el, i) => walk(el, path, new Map(trail).set(id, i)));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) walk(child, path === '' ? k : `${path}.${k}`, trail);
    } else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (path === '') return; // a scalar at the root has no field name
      const list = out.get(path) ?? [];
      list.push({ value: v, trail });
      out.set(path, list);
    }
  };
  walk(event, '', new Map());
  return out;
}

function consistent(a: Map<number, number>, b: Map<number, number>): boolean {
  for (const [id, i] of a) {
    const j = b.get(id);
    if (j !== undefined && j !== i) return false;
  }
  return true;
}

export function matchBranch(branch: Branch, event: FlatEvent, limits: NumberLimits): boolean {
  const fields: { entries: Entry[] }[] = [];
  for (const [path, matchers] of branch) {
    const entries = event.get(path) ?? [];
    const absent = matchers.some((m) => m.type === 'exists' && !m.value);
    if (absent && entries.length === 0) continue; // satisfied without choosing an entry
    const candidates = entries.filter((e) => matchers.some((m) => entryMatches(m, e)));
    if (candidates.length === 0) return false;
    fields.push({ entries: candidates });
  }
  // Smallest candidate lists first keeps the consistency search short.
  fields.sort((a, b) => a.entries.length - b.entries.length);
  const chosen: Map<number, number>[] = [];
  const search = (i: number): boolean => {
    if (i === fields.length) return true;
    for (const e of fields[i].entries) {
      if (!chosen.every((t) => consistent(t, e.trail))) continue;
      chosen.push(e.trail);
      if (search(i + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return search(0);

  function entryMatches(m: Matcher, e: Entry): boolean {
    return m.type === 'exists' ? m.value : testLeaf(m, e.value, limits);
  }
}

export function matchBranches(branches: readonly Branch[], event: unknown, limits: NumberLimits): boolean {
  const flat = flatten(event);
  return branches.some((b) => matchBranch(b, flat, limits));
}
