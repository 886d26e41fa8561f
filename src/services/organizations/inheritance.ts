// Effective management policies (tag, backup, AI opt-out, chatbot, declarative): documents from the root down to
// the account merge with AWS's inheritance operators. Value-setting operators: @@assign replaces, @@append adds
// to a list, @@remove takes values out of an inherited list. Child control (@@operators_allowed_for_child_policies)
// set at one level limits which operators policies at lower levels may use on that setting or its descendants.
// The effective document keeps only the resulting values (no operators).

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const VALUE_OPS = ['@@assign', '@@append', '@@remove'] as const;
const CHILD_CONTROL = '@@operators_allowed_for_child_policies';

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOperator = (v: JsonObject) => VALUE_OPS.some((op) => op in v);
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** Operators still allowed per path (set by earlier levels); a path absent from the map allows all. */
type Controls = Map<string, Set<string>>;

function allowed(controls: Controls, path: string, op: string): boolean {
  // Every ancestor's control applies to its descendants.
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const set = controls.get(parts.slice(0, i).join('/'));
    if (set && !set.has('@@all') && !set.has(op)) return false;
  }
  return true;
}

function recordControl(pending: Controls, path: string, value: Json | undefined): void {
  if (!Array.isArray(value)) return;
  pending.set(path, new Set(value.filter((v): v is string => typeof v === 'string')));
}

function applySetting(target: JsonObject, key: string, setting: JsonObject, path: string, controls: Controls): void {
  for (const op of VALUE_OPS) {
    if (!(op in setting) || !allowed(controls, path, op)) continue;
    const value = setting[op]!;
    const current = target[key];
    if (op === '@@assign') target[key] = structuredClone(value);
    else if (op === '@@append') {
      const base = Array.isArray(current) ? [...current] : current === undefined ? [] : [current];
      for (const v of Array.isArray(value) ? value : [value]) if (!base.some((b) => same(b, v))) base.push(v);
      target[key] = base;
    } else if (Array.isArray(current)) {
      const drop = Array.isArray(value) ? value : [value];
      target[key] = current.filter((c) => !drop.some((d) => same(c, d)));
    }
  }
}

function mergeNode(target: JsonObject, source: JsonObject, path: string, controls: Controls, pending: Controls): void {
  for (const [key, value] of Object.entries(source)) {
    if (key === CHILD_CONTROL) {
      recordControl(pending, path, value);
      continue;
    }
    if (key.startsWith('@@')) continue;
    const childPath = `${path}/${key}`;
    if (isObject(value) && hasOperator(value)) {
      applySetting(target, key, value, childPath, controls);
      recordControl(pending, childPath, value[CHILD_CONTROL]);
    } else if (isObject(value)) {
      if (!allowed(controls, childPath, '@@assign') && !(key in target)) continue;
      const next = target[key];
      const container: JsonObject = isObject(next) ? next : {};
      target[key] = container;
      mergeNode(container, value, childPath, controls, pending);
    } else if (allowed(controls, childPath, '@@assign')) {
      // A bare value is an implicit @@assign.
      target[key] = structuredClone(value);
    }
  }
}

/**
 * Merges policy documents given per level (root first, account last; each level in attach order).
 * Returns undefined when no level contributes a document.
 */
export function effectivePolicy(levels: readonly (readonly string[])[]): JsonObject | undefined {
  const result: JsonObject = {};
  const controls: Controls = new Map();
  let any = false;
  for (const docs of levels) {
    const pending: Controls = new Map();
    for (const text of docs) {
      const doc = JSON.parse(text) as Json;
      if (!isObject(doc)) continue;
      any = true;
      mergeNode(result, doc, '', controls, pending);
    }
    // Controls constrain lower levels only; a stricter control further down narrows further.
    for (const [path, set] of pending) {
      const prior = controls.get(path);
      controls.set(path, prior && !prior.has('@@all') ? new Set([...set].filter((op) => prior.has(op))) : set);
    }
  }
  return any ? result : undefined;
}
