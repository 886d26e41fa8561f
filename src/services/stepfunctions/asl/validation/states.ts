/** Checks specific to one state type: Task, Wait, Choice (and its rules) and Map. */
import { COMPARISON_OPERATORS, PATH_OPERATORS, parseTimestamp } from '../choice.js';
import { isJsonataTemplate } from '../jsonata.js';
import { type JsonObject, type JsonValue, isObject } from '../json.js';
import { isReferencePath, tryParsePath } from '../jsonpath.js';
import { parseResource } from '../resources.js';
import { positiveInt } from './fields.js';
import { RetryCatchChecks } from './retry-catch.js';

export abstract class StateChecks extends RetryCatchChecks {
  protected task(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
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

  protected wait(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
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

  protected choice(st: JsonObject, loc: string, names: string[], lang: 'JSONPath' | 'JSONata'): void {
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

  protected rule(r: JsonObject, loc: string, top: boolean): void {
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

  protected map(st: JsonObject, loc: string, lang: 'JSONPath' | 'JSONata'): void {
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
