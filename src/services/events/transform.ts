// What a target receives: the event itself, a constant Input, the part of the event an InputPath selects, or an
// InputTransformer's template filled from JSONPath variables (EventBridge's documented substitution rules).
import type { Target } from './api.js';

export interface TransformContext {
  event: Record<string, unknown>;
  eventJson: string;
  ruleArn: string;
  ruleName: string;
  ingestionTime: number;
}

/** EventBridge's JSONPath subset: $, .name, ['name'], [n], [*] and .* (wildcards collect a list). */
export function jsonPath(root: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps: Array<string | number | '*'> = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1] === '*' ? '*' : m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else if (m[3] !== undefined || m[4] !== undefined) steps.push((m[3] ?? m[4])!);
    else steps.push('*');
  }
  let current: unknown[] = [root];
  let wild = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === '*') {
        wild = true;
        if (Array.isArray(v)) next.push(...(v as unknown[]));
        else if (v && typeof v === 'object') next.push(...Object.values(v));
      } else if (typeof step === 'number') {
        if (Array.isArray(v) && step < v.length) next.push(v[step]);
      } else if (v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step)) {
        next.push((v as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return wild ? current : current[0];
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/y;

function predefined(ctx: TransformContext): Record<string, { value: unknown; raw?: boolean }> {
  const { detail: _detail, ...withoutDetail } = ctx.event;
  return {
    'aws.events.rule-arn': { value: ctx.ruleArn },
    'aws.events.rule-name': { value: ctx.ruleName },
    'aws.events.event.ingestion-time': { value: new Date(ctx.ingestionTime).toISOString() },
    // Documented as usable only as a JSON field value: inserted as JSON, never escaped.
    'aws.events.event': { value: withoutDetail, raw: true },
    'aws.events.event.json': { value: ctx.event, raw: true },
  };
}

/** Fills an InputTemplate. Inside a JSON string a value is inserted as escaped text; outside, as JSON. */
export function renderTemplate(template: string, paths: Record<string, string>, ctx: TransformContext): string {
  const vars = predefined(ctx);
  for (const [name, path] of Object.entries(paths)) vars[name] = { value: jsonPath(ctx.event, path) };
  const trimmed = template.trimStart();
  const jsonTemplate = trimmed.startsWith('{') || trimmed.startsWith('[');
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length;) {
    const ch = template[i]!;
    if (ch === '\\' && inString) {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '"') inString = !inString;
    if (ch === '<') {
      PLACEHOLDER.lastIndex = i;
      const m = PLACEHOLDER.exec(template);
      const v = m ? vars[m[1]!] : undefined;
      if (m && v) {
        out += insert(v.value, v.raw === true ? 'raw' : inString ? 'string' : jsonTemplate ? 'json' : 'text');
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

function insert(v: unknown, mode: 'raw' | 'string' | 'json' | 'text'): string {
  if (mode === 'raw' || mode === 'json') return JSON.stringify(v ?? null);
  const text = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return mode === 'string' ? JSON.stringify(text).slice(1, -1) : text;
}

/** The text delivered to the target for this event. */
export function targetInput(target: Target, ctx: TransformContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(jsonPath(ctx.event, target.InputPath) ?? null);
  if (target.InputTransformer) {
    return renderTemplate(target.InputTransformer.InputTemplate, target.InputTransformer.InputPathsMap ?? {}, ctx);
  }
  return ctx.eventJson;
}
