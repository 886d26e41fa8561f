/**
 * Static validation of a state machine definition, reporting AWS's diagnostic codes and the
 * `Invalid State Machine Definition: '...'` message CreateStateMachine answers with.
 */
import { COMPARISON_OPERATORS, PATH_OPERATORS, parseTimestamp } from './choice.js';
import { looksLikeIntrinsic, parseIntrinsic } from './intrinsics.js';
import { isJsonataTemplate, jsonataBody, jsonataSyntaxError } from './jsonata.js';
import { type JsonObject, type JsonValue, isObject } from './json.js';
import { isReferencePath, tryParsePath } from './jsonpath.js';
import { parseResource } from './resources.js';

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

const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const JSONPATH_IO = ['InputPath', 'OutputPath'];

const FIELDS: Record<string, { JSONPath: string[]; JSONata: string[] }> = {
  Pass: {
    JSONPath: [...FLOW, ...JSONPATH_IO, 'Parameters', 'ResultPath', 'Result', 'Assign'],
    JSONata: [...FLOW, 'Output', 'Assign'],
  },
  Task: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'Resource',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Retry',
      'Catch',
      'Credentials',
      'Assign',
    ],
    JSONata: [
      ...FLOW,
      'Resource',
      'Arguments',
      'Output',
      'Assign',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Retry',
      'Catch',
      'Credentials',
    ],
  },
  Choice: {
    JSONPath: ['Choices', 'Default', ...JSONPATH_IO, 'Assign'],
    JSONata: ['Choices', 'Default', 'Output', 'Assign'],
  },
  Wait: {
    JSONPath: [...FLOW, ...JSONPATH_IO, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
    JSONata: [...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  },
  Succeed: { JSONPath: [...JSONPATH_IO], JSONata: ['Output'] },
  Fail: { JSONPath: ['Error', 'ErrorPath', 'Cause', 'CausePath'], JSONata: ['Error', 'Cause'] },
  Parallel: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'Branches',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [...FLOW, 'Arguments', 'Output', 'Assign', 'Branches', 'Retry', 'Catch'],
  },
  Map: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'ItemsPath',
      'ItemSelector',
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'ItemProcessor',
      'Iterator',
      'MaxConcurrency',
      'MaxConcurrencyPath',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'ToleratedFailurePercentage',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCount',
      'ToleratedFailureCountPath',
      'Label',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [
      ...FLOW,
      'Items',
      'ItemSelector',
      'ItemProcessor',
      'MaxConcurrency',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'ToleratedFailurePercentage',
      'ToleratedFailureCount',
      'Label',
      'Output',
      'Assign',
      'Retry',
      'Catch',
    ],
  },
};

const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];

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

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seenNames = new Map<string, string>();
  private readonly topLanguage: 'JSONPath' | 'JSONata';

  constructor(private readonly def: JsonObject) {
    this.topLanguage = def.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  }

  private err(code: string, message: string, location?: string): void {
    this.diagnostics.push({ severity: 'ERROR', code, message, ...(location !== undefined ? { location } : {}) });
  }
  private schema(message: string, location: string): void {
    this.err('SCHEMA_VALIDATION_FAILED', message, location);
  }

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
  private container(c: JsonObject, prefix: string, inherited: 'JSONPath' | 'JSONata'): void {
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

  private target(t: unknown, names: string[], loc: string): void {
    if (typeof t !== 'string' || !names.includes(t)) {
      this.err('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(t)}`, loc);
    }
  }

  private state(name: string, st: JsonObject, loc: string, names: string[], inherited: 'JSONPath' | 'JSONata'): void {
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

  private jsonPathFields(st: JsonObject, loc: string): void {
    for (const f of ['InputPath', 'OutputPath']) {
      if (f in st && st[f] !== null && (typeof st[f] !== 'string' || !tryParsePath(st[f] as string))) {
        this.schema(`The value for the field '${f}' must be a valid JSONPath`, `${loc}/${f}`);
      }
    }
    if ('ResultPath' in st && st.ResultPath !== null && !isReferencePath(String(st.ResultPath))) {
      this.schema(`The value for the field 'ResultPath' must be a valid ReferencePath`, `${loc}/ResultPath`);
    }
    for (const f of [
      'ItemsPath',
      'TimeoutSecondsPath',
      'HeartbeatSecondsPath',
      'SecondsPath',
      'TimestampPath',
      'MaxConcurrencyPath',
      'ToleratedFailureCountPath',
      'ToleratedFailurePercentagePath',
    ]) {
      if (
        f in st &&
        (typeof st[f] !== 'string' || !isReferencePath(st[f] as string, ['input', 'context', 'variable']))
      ) {
        this.schema(`The value for the field '${f}' must be a valid ReferencePath`, `${loc}/${f}`);
      }
    }
    for (const f of ['Parameters', 'ResultSelector', 'ItemSelector']) {
      if (f in st) this.payloadTemplate(st[f] as JsonValue, `${loc}/${f}`);
    }
  }

  private jsonataFields(st: JsonObject, loc: string): void {
    for (const f of [
      'Arguments',
      'Output',
      'Items',
      'ItemSelector',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Seconds',
      'Timestamp',
      'Error',
      'Cause',
      'MaxConcurrency',
      'ToleratedFailureCount',
      'ToleratedFailurePercentage',
    ]) {
      if (f in st) this.jsonataValue(st[f] as JsonValue, `${loc}/${f}`);
    }
    if ('Arguments' in st && !isObject(st.Arguments) && !isJsonataTemplate(st.Arguments)) {
      this.schema(`The value for the field 'Arguments' must be an object or a JSONata expression`, `${loc}/Arguments`);
    }
  }

  private jsonataValue(v: JsonValue, loc: string): void {
    if (isJsonataTemplate(v)) {
      const err = jsonataSyntaxError(jsonataBody(v));
      if (err) this.schema(`The JSONata expression '${jsonataBody(v).trim()}' is invalid: ${err}`, loc);
      else if (/\$\$/.test(jsonataBody(v))) this.schema(`The JSONata expression cannot reference '$$'`, loc);
    } else if (Array.isArray(v)) v.forEach((x, i) => this.jsonataValue(x, `${loc}[${i}]`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) this.jsonataValue(x, `${loc}/${k}`);
  }

  private dynamicValue(v: JsonValue | undefined, loc: string, key?: string): void {
    const field = key ?? loc.split('/').pop() ?? '';
    const msg = `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`;
    if (typeof v !== 'string') return this.schema(msg, loc);
    if (looksLikeIntrinsic(v)) {
      try {
        parseIntrinsic(v);
      } catch {
        this.schema(msg, loc);
      }
    } else if (!tryParsePath(v)) this.schema(msg, loc);
  }

  private payloadTemplate(v: JsonValue, loc: string): void {
    if (Array.isArray(v)) v.forEach((x, i) => this.payloadTemplate(x, `${loc}[${i}]`));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.endsWith('.$')) this.dynamicValue(x, loc, k);
        else this.payloadTemplate(x, `${loc}/${k}`);
      }
    }
  }

  private assign(v: JsonValue | undefined, lang: 'JSONPath' | 'JSONata', loc: string): void {
    if (!isObject(v)) return this.schema(`The value for the field 'Assign' must be an object`, loc);
    for (const k of Object.keys(v)) {
      const name = lang === 'JSONPath' && k.endsWith('.$') ? k.slice(0, -2) : k;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === 'states') {
        this.schema(`The variable name '${name}' is invalid`, `${loc}/${k}`);
      }
    }
    if (lang === 'JSONPath') this.payloadTemplate(v, loc);
    else this.jsonataValue(v, loc);
  }

  private errorEquals(v: JsonValue | undefined, loc: string, i: number, count: number, kind: string): void {
    if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === 'string')) {
      this.schema('These fields are required: [ErrorEquals]', loc);
      return;
    }
    if (v.includes('States.ALL')) {
      if (v.length > 1) this.schema(`'States.ALL' must appear alone in 'ErrorEquals'`, `${loc}/ErrorEquals`);
      if (i !== count - 1) this.schema(`A ${kind} with 'States.ALL' must be the last ${kind}`, `${loc}/ErrorEquals`);
    }
  }

  private retry(v: JsonValue | undefined, loc: string): void {
    if (!Array.isArray(v)) return this.schema(`The value for the field 'Retry' must be an array`, loc);
    v.forEach((r, i) => {
      const l = `${loc}[${i}]`;
      if (!isObject(r)) return this.schema(`The value for the field 'Retry' must be an array of objects`, l);
      for (const k of Object.keys(r)) if (!RETRIER_FIELDS.includes(k)) this.schema(`Field '${k}' is not supported`, l);
      this.errorEquals(r.ErrorEquals, l, i, v.length, 'retrier');
      if ('IntervalSeconds' in r && !positiveInt(r.IntervalSeconds)) {
        this.schema(`The value for the field 'IntervalSeconds' must be a positive integer`, `${l}/IntervalSeconds`);
      }
      if ('MaxAttempts' in r && !(Number.isInteger(r.MaxAttempts) && (r.MaxAttempts as number) >= 0)) {
        this.schema(`The value for the field 'MaxAttempts' must be a non-negative integer`, `${l}/MaxAttempts`);
      }
      if ('BackoffRate' in r && !(typeof r.BackoffRate === 'number' && r.BackoffRate >= 1)) {
        this.schema(
          `The value for the field 'BackoffRate' must be a number greater than or equal to 1.0`,
          `${l}/BackoffRate`,
        );
      }
      if ('MaxDelaySeconds' in r && !positiveInt(r.MaxDelaySeconds)) {
        this.schema(`The value for the field 'MaxDelaySeconds' must be a positive integer`, `${l}/MaxDelaySeconds`);
      }
      if ('JitterStrategy' in r && r.JitterStrategy !== 'FULL' && r.JitterStrategy !== 'NONE') {
        this.schema(`The value for the field 'JitterStrategy' must be one of [FULL, NONE]`, `${l}/JitterStrategy`);
      }
    });
  }

  private catchers(v: JsonValue | undefined, names: string[], lang: 'JSONPath' | 'JSONata', loc: string): void {
    if (!Array.isArray(v)) return this.schema(`The value for the field 'Catch' must be an array`, loc);
    const allowed =
      lang === 'JSONPath'
        ? ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment']
        : ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'];
    v.forEach((c, i) => {
      const l = `${loc}[${i}]`;
      if (!isObject(c)) return this.schema(`The value for the field 'Catch' must be an array of objects`, l);
      for (const k of Object.keys(c)) if (!allowed.includes(k)) this.schema(`Field '${k}' is not supported`, l);
      this.errorEquals(c.ErrorEquals, l, i, v.length, 'catcher');
      if (!('Next' in c)) this.schema('These fields are required: [Next]', l);
      else this.target(c.Next, names, `${l}/Next`);
      if ('ResultPath' in c && c.ResultPath !== null && !isReferencePath(String(c.ResultPath))) {
        this.schema(`The value for the field 'ResultPath' must be a valid ReferencePath`, `${l}/ResultPath`);
      }
      if ('Output' in c) this.jsonataValue(c.Output as JsonValue, `${l}/Output`);
      if ('Assign' in c) this.assign(c.Assign, lang, `${l}/Assign`);
    });
  }

  private task(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
    if (!('Resource' in st)) this.schema('These fields are required: [Resource]', loc);
    else if (typeof st.Resource !== 'string' || !parseResource(st.Resource)) {
      this.err('INVALID_RESOURCE', `Invalid resource: ${String(st.Resource)}`, `${loc}/Resource`);
    } else {
      const r = parseResource(st.Resource);
      if (r?.pattern === 'waitForTaskToken') {
        const payload = JSON.stringify(lang === 'JSONPath' ? (st.Parameters ?? null) : (st.Arguments ?? null));
        const ok =
          lang === 'JSONPath' ? payload.includes('$$.Task.Token') : payload.includes('$states.context.Task.Token');
        if (!ok) {
          this.schema(
            `The '${lang === 'JSONPath' ? 'Parameters' : 'Arguments'}' field must contain a reference to the task token (${lang === 'JSONPath' ? '$$.Task.Token' : '$states.context.Task.Token'}) for resource ${st.Resource}`,
            `${loc}/${lang === 'JSONPath' ? 'Parameters' : 'Arguments'}`,
          );
        }
      }
    }
    for (const f of ['TimeoutSeconds', 'HeartbeatSeconds']) {
      if (f in st && `${f}Path` in st) this.schema(`Only one of '${f}' or '${f}Path' may be specified`, loc);
      if (f in st && !isJsonataTemplate(st[f]) && !positiveInt(st[f])) {
        this.schema(`The value for the field '${f}' must be a positive integer`, `${loc}/${f}`);
      }
    }
    if (positiveInt(st.TimeoutSeconds) && positiveInt(st.HeartbeatSeconds)) {
      if ((st.HeartbeatSeconds as number) >= (st.TimeoutSeconds as number)) {
        this.schema(
          `The value for the field 'HeartbeatSeconds' must be smaller than the value for the field 'TimeoutSeconds'`,
          `${loc}/HeartbeatSeconds`,
        );
      }
    }
  }

  private wait(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
    const present = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((f) => f in st);
    if (present.length !== 1) {
      this.schema(`Exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' must be specified`, loc);
      return;
    }
    if ('Seconds' in st && !isJsonataTemplate(st.Seconds)) {
      if (!(Number.isInteger(st.Seconds) && (st.Seconds as number) >= 0)) {
        this.schema(`The value for the field 'Seconds' must be a non-negative integer`, `${loc}/Seconds`);
      }
    }
    if (
      'Timestamp' in st &&
      !(lang === 'JSONata' && isJsonataTemplate(st.Timestamp)) &&
      parseTimestamp(st.Timestamp) === null
    ) {
      this.schema(`The value for the field 'Timestamp' must be a valid ISO-8601 timestamp`, `${loc}/Timestamp`);
    }
  }

  private choice(st: JsonObject, loc: string, names: string[], lang: 'JSONPath' | 'JSONata'): void {
    if (!Array.isArray(st.Choices) || st.Choices.length === 0) {
      this.schema('These fields are required: [Choices]', loc);
    } else {
      st.Choices.forEach((r, i) => {
        const l = `${loc}/Choices[${i}]`;
        if (!isObject(r)) return this.schema(`The value for the field 'Choices' must be an array of objects`, l);
        if (!('Next' in r)) this.schema('These fields are required: [Next]', l);
        else this.target(r.Next, names, `${l}/Next`);
        if (lang === 'JSONata') {
          for (const k of Object.keys(r)) {
            if (!['Condition', 'Next', 'Output', 'Assign', 'Comment'].includes(k))
              this.schema(`Field '${k}' is not supported`, l);
          }
          if (!('Condition' in r)) this.schema('These fields are required: [Condition]', l);
          else if (typeof r.Condition !== 'boolean') this.jsonataValue(r.Condition as JsonValue, `${l}/Condition`);
          if ('Output' in r) this.jsonataValue(r.Output as JsonValue, `${l}/Output`);
        } else this.rule(r, l, true);
        if ('Assign' in r) this.assign(r.Assign, lang, `${l}/Assign`);
      });
    }
    if ('Default' in st) this.target(st.Default, names, `${loc}/Default`);
  }

  private rule(r: JsonObject, loc: string, top: boolean): void {
    const extra = top ? ['Next', 'Assign', 'Comment'] : ['Comment'];
    if ('And' in r || 'Or' in r) {
      const k = 'And' in r ? 'And' : 'Or';
      const list = r[k];
      if (!Array.isArray(list) || list.length === 0)
        return this.schema(`The value for the field '${k}' must be a non-empty array`, `${loc}/${k}`);
      list.forEach((x, i) =>
        isObject(x) ? this.rule(x, `${loc}/${k}[${i}]`, false) : this.schema(`Invalid rule`, `${loc}/${k}[${i}]`),
      );
      for (const f of Object.keys(r))
        if (f !== k && !extra.includes(f)) this.schema(`Field '${f}' is not supported`, loc);
      return;
    }
    if ('Not' in r) {
      if (!isObject(r.Not)) return this.schema(`The value for the field 'Not' must be an object`, `${loc}/Not`);
      this.rule(r.Not, `${loc}/Not`, false);
      for (const f of Object.keys(r))
        if (f !== 'Not' && !extra.includes(f)) this.schema(`Field '${f}' is not supported`, loc);
      return;
    }
    const ops = Object.keys(r).filter(
      (k) => (COMPARISON_OPERATORS as readonly string[]).includes(k) || PATH_OPERATORS.includes(k),
    );
    if (!('Variable' in r)) this.schema('These fields are required: [Variable]', loc);
    else if (typeof r.Variable !== 'string' || !tryParsePath(r.Variable)) {
      this.schema(`The value for the field 'Variable' must be a valid JSONPath`, `${loc}/Variable`);
    }
    if (ops.length !== 1) {
      this.schema('A choice rule must have exactly one comparison operator', loc);
      return;
    }
    for (const f of Object.keys(r)) {
      if (f !== 'Variable' && f !== ops[0] && !extra.includes(f)) this.schema(`Field '${f}' is not supported`, loc);
    }
    const op = ops[0] as string;
    const value = r[op];
    const l = `${loc}/${op}`;
    if (op.endsWith('Path')) {
      if (typeof value !== 'string' || !isReferencePath(value, ['input', 'context', 'variable'])) {
        this.schema(`The value for the field '${op}' must be a valid ReferencePath`, l);
      }
    } else if (op.startsWith('Is') || op === 'BooleanEquals') {
      if (typeof value !== 'boolean') this.schema(`The value for the field '${op}' must be a boolean`, l);
    } else if (op.startsWith('String')) {
      if (typeof value !== 'string') this.schema(`The value for the field '${op}' must be a string`, l);
    } else if (op.startsWith('Numeric')) {
      if (typeof value !== 'number') this.schema(`The value for the field '${op}' must be a number`, l);
    } else if (op.startsWith('Timestamp')) {
      if (parseTimestamp(value) === null)
        this.schema(`The value for the field '${op}' must be a valid ISO-8601 timestamp`, l);
    }
  }

  private map(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
    const key = 'ItemProcessor' in st ? 'ItemProcessor' : 'Iterator' in st ? 'Iterator' : null;
    if (!key) {
      this.schema('These fields are required: [ItemProcessor]', loc);
    } else if ('ItemProcessor' in st && 'Iterator' in st) {
      this.schema(`Only one of 'ItemProcessor' or 'Iterator' may be specified`, loc);
    } else {
      const p = st[key];
      if (!isObject(p)) this.schema(`The value for the field '${key}' must be an object`, `${loc}/${key}`);
      else {
        const cfg = p.ProcessorConfig;
        if (cfg !== undefined) {
          if (!isObject(cfg))
            this.schema(`The value for the field 'ProcessorConfig' must be an object`, `${loc}/${key}/ProcessorConfig`);
          else if ('Mode' in cfg && cfg.Mode !== 'INLINE' && cfg.Mode !== 'DISTRIBUTED') {
            this.schema(
              `The value for the field 'Mode' must be one of [INLINE, DISTRIBUTED]`,
              `${loc}/${key}/ProcessorConfig/Mode`,
            );
          }
        }
        const sub: JsonObject = { ...p };
        delete sub.ProcessorConfig;
        this.container(sub, `${loc}/${key}`, lang);
      }
    }
    if ('ItemSelector' in st && 'Parameters' in st)
      this.schema(`Only one of 'ItemSelector' or 'Parameters' may be specified`, loc);
    if (
      'MaxConcurrency' in st &&
      !isJsonataTemplate(st.MaxConcurrency) &&
      !(Number.isInteger(st.MaxConcurrency) && (st.MaxConcurrency as number) >= 0)
    ) {
      this.schema(`The value for the field 'MaxConcurrency' must be a non-negative integer`, `${loc}/MaxConcurrency`);
    }
    const pct = st.ToleratedFailurePercentage;
    if (
      'ToleratedFailurePercentage' in st &&
      !isJsonataTemplate(pct) &&
      !(typeof pct === 'number' && pct >= 0 && pct <= 100)
    ) {
      this.schema(
        `The value for the field 'ToleratedFailurePercentage' must be a number between 0 and 100`,
        `${loc}/ToleratedFailurePercentage`,
      );
    }
    for (const f of ['ItemReader', 'ResultWriter', 'ItemBatcher']) {
      if (f in st && !isObject(st[f])) this.schema(`The value for the field '${f}' must be an object`, `${loc}/${f}`);
    }
    if (isObject(st.ItemReader) && typeof st.ItemReader.Resource !== 'string') {
      this.schema('These fields are required: [Resource]', `${loc}/ItemReader`);
    }
  }
}

function positiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
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
