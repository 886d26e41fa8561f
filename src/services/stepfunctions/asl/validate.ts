/**
 * Static validation of a state machine definition, reporting AWS's diagnostic codes and the
 * `Invalid State Machine Definition: '...'` message CreateStateMachine answers with.
 */
import { type JsonObject, isObject } from './json.js';
import { COMMON, FIELDS, STATE_TYPES, positiveInt } from './validation/fields.js';
import { StateChecks } from './validation/states.js';

export interface Diagnostic {
  severity: 'ERROR';
  code: string;
  message: string;
  location?: string;
}

export interface ValidationResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** The InvalidDefinition message for CreateStateMachine / UpdateStateMachine, when not ok. */
  message?: string;
  /** The parsed definition, when it is valid JSON. */
  definition?: JsonObject;
}

export function formatInvalidDefinition(diagnostics: Diagnostic[]): string {
  const parts = diagnostics.map((d) => `${d.code}: ${d.message} at ${d.location ?? 'null'}`);
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}

export function validateDefinition(json: string): ValidationResult {
  if (json.trim() === '') {
    return fail([
      { severity: 'ERROR', code: 'MISSING_DESCRIPTION', message: 'Received a null or empty workflow input' },
    ]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return fail([{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: (e as Error).message }]);
  }
  if (!isObject(parsed)) {
    return fail([
      { severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'The definition must be a JSON object' },
    ]);
  }
  const v = new Validator(parsed);
  v.run();
  if (v.diagnostics.length) return { ...fail(v.diagnostics), definition: parsed };
  return { ok: true, diagnostics: [], definition: parsed };
}

function fail(diagnostics: Diagnostic[]): ValidationResult {
  return { ok: false, diagnostics, message: formatInvalidDefinition(diagnostics) };
}

/** The structure of a definition (containers, state names, transitions); the checks it layers on live in validation/. */
class Validator extends StateChecks {
  private readonly seenNames = new Map<string, string>();

  run(): void {
    const d = this.def;
    for (const k of Object.keys(d)) {
      if (!['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'].includes(k)) {
        this.schema(`Field '${k}' is not supported`, '/');
      }
    }
    if ('QueryLanguage' in d && d.QueryLanguage !== 'JSONPath' && d.QueryLanguage !== 'JSONata') {
      this.schema(`The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]`, '/QueryLanguage');
    }
    if ('TimeoutSeconds' in d && !positiveInt(d.TimeoutSeconds)) {
      this.schema(`The value for the field 'TimeoutSeconds' must be a positive integer`, '/TimeoutSeconds');
    }
    this.container(d, '', this.topLanguage);
  }

  /** A `{ StartAt, States }` object: the top level, a Parallel branch or a Map item processor. */
  protected container(c: JsonObject, prefix: string, inherited: 'JSONPath' | 'JSONata'): void {
    const missing = ['StartAt', 'States'].filter((k) => !(k in c));
    if (missing.length) {
      this.schema(`These fields are required: [${missing.join(', ')}]`, prefix || '/');
      return;
    }
    if (!isObject(c.States)) {
      this.schema(`The value for the field 'States' must be an object`, `${prefix}/States`);
      return;
    }
    const states = c.States;
    const names = Object.keys(states);
    if (typeof c.StartAt !== 'string' || !(c.StartAt in states)) {
      this.err('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(c.StartAt)}`, `${prefix}/StartAt`);
    }
    let terminal = false;
    for (const name of names) {
      const loc = `${prefix}/States/${name}`;
      const other = this.seenNames.get(name);
      if (other !== undefined) this.err('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, loc);
      else this.seenNames.set(name, loc);
      if (name.length === 0 || name.length > 80) {
        this.err('INVALID_STATE_NAME', `State name must be between 1 and 80 characters: ${name}`, loc);
      }
      const st = states[name];
      if (!isObject(st)) {
        this.schema(`The value for the field '${name}' must be an object`, loc);
        continue;
      }
      if (st.End === true || st.Type === 'Succeed' || st.Type === 'Fail') terminal = true;
      this.state(name, st, loc, names, inherited);
    }
    if (!terminal) this.err('MISSING_END_STATE', 'Workflow has no terminal state');
    // Every state must be reachable from StartAt.
    if (typeof c.StartAt === 'string' && c.StartAt in states) {
      const seen = new Set<string>([c.StartAt]);
      const todo = [c.StartAt];
      while (todo.length) {
        const st = states[todo.pop() as string];
        if (!isObject(st)) continue;
        for (const t of transitions(st)) {
          if (t in states && !seen.has(t)) {
            seen.add(t);
            todo.push(t);
          }
        }
      }
      for (const name of names) {
        if (!seen.has(name)) {
          this.err('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, `${prefix}/States/${name}`);
        }
      }
    }
  }

  protected state(name: string, st: JsonObject, loc: string, names: string[], inherited: 'JSONPath' | 'JSONata'): void {
    if (!('Type' in st)) {
      this.schema('These fields are required: [Type]', loc);
      return;
    }
    const type = st.Type;
    if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
      this.schema(`The value for the field 'Type' must be one of [${STATE_TYPES.join(', ')}]`, `${loc}/Type`);
      return;
    }
    if ('QueryLanguage' in st && st.QueryLanguage !== 'JSONPath' && st.QueryLanguage !== 'JSONata') {
      this.schema(`The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]`, `${loc}/QueryLanguage`);
      return;
    }
    const lang = st.QueryLanguage === 'JSONata' ? 'JSONata' : st.QueryLanguage === 'JSONPath' ? 'JSONPath' : inherited;
    if (this.topLanguage === 'JSONata' && st.QueryLanguage === 'JSONPath') {
      this.schema(
        `The QueryLanguage of a state cannot be JSONPath when the state machine's QueryLanguage is JSONata`,
        `${loc}/QueryLanguage`,
      );
    }
    const allowed = [...COMMON, ...(FIELDS[type] as { JSONPath: string[]; JSONata: string[] })[lang]];
    for (const k of Object.keys(st)) if (!allowed.includes(k)) this.schema(`Field '${k}' is not supported`, loc);

    // Transitions.
    if (!['Choice', 'Succeed', 'Fail'].includes(type)) {
      const hasNext = 'Next' in st;
      const hasEnd = 'End' in st;
      if (hasNext && hasEnd) this.schema(`Only one of 'Next' or 'End' may be specified`, loc);
      else if (!hasNext && !hasEnd) this.schema('These fields are required: [Next | End]', loc);
      else if (hasNext) this.target(st.Next, names, `${loc}/Next`);
      else if (st.End !== true) this.schema(`The value for the field 'End' must be true`, `${loc}/End`);
    }
    if (lang === 'JSONPath') this.jsonPathFields(st, loc);
    else this.jsonataFields(st, loc);
    if ('Assign' in st) this.assign(st.Assign, lang, `${loc}/Assign`);
    if ('Retry' in st) this.retry(st.Retry, `${loc}/Retry`);
    if ('Catch' in st) this.catchers(st.Catch, names, lang, `${loc}/Catch`);

    switch (type) {
      case 'Task':
        this.task(st, loc, lang);
        break;
      case 'Choice':
        this.choice(st, loc, names, lang);
        break;
      case 'Wait':
        this.wait(st, loc, lang);
        break;
      case 'Fail':
        for (const f of ['Error', 'Cause']) {
          if (f in st && `${f}Path` in st) this.schema(`Only one of '${f}' or '${f}Path' may be specified`, loc);
          if (lang === 'JSONPath' && `${f}Path` in st) this.dynamicValue(st[`${f}Path`], `${loc}/${f}Path`);
          if (f in st && typeof st[f] !== 'string')
            this.schema(`The value for the field '${f}' must be a string`, `${loc}/${f}`);
        }
        break;
      case 'Parallel':
        if (!Array.isArray(st.Branches) || st.Branches.length === 0) {
          this.schema('These fields are required: [Branches]', loc);
        } else {
          st.Branches.forEach((b, i) => {
            if (isObject(b)) this.container(b, `${loc}/Branches[${i}]`, lang);
            else this.schema(`The value for the field 'Branches' must be an array of objects`, `${loc}/Branches[${i}]`);
          });
        }
        break;
      case 'Map':
        this.map(st, loc, lang);
        break;
    }
    void name;
  }
}

/** The states a state can transition to. */
function transitions(st: JsonObject): string[] {
  const out: string[] = [];
  if (typeof st.Next === 'string') out.push(st.Next);
  if (typeof st.Default === 'string') out.push(st.Default);
  for (const list of [st.Choices, st.Catch]) {
    if (Array.isArray(list)) for (const c of list) if (isObject(c) && typeof c.Next === 'string') out.push(c.Next);
  }
  return out;
}
