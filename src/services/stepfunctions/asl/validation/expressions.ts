/** Checks of paths, payload templates, intrinsic functions, JSONata expressions and Assign. */
import { looksLikeIntrinsic, parseIntrinsic } from '../intrinsics.js';
import { isJsonataTemplate, jsonataBody, jsonataSyntaxError } from '../jsonata.js';
import { type JsonObject, type JsonValue, isObject } from '../json.js';
import { isReferencePath, tryParsePath } from '../jsonpath.js';
import { ValidatorBase } from './base.js';

export abstract class ExpressionChecks extends ValidatorBase {
  protected jsonPathFields(st: JsonObject, loc: string): void {
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

  protected jsonataFields(st: JsonObject, loc: string): void {
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

  protected jsonataValue(v: JsonValue, loc: string): void {
    if (isJsonataTemplate(v)) {
      const err = jsonataSyntaxError(jsonataBody(v));
      if (err) this.schema(`The JSONata expression '${jsonataBody(v).trim()}' is invalid: ${err}`, loc);
      else if (/\$\$/.test(jsonataBody(v))) this.schema(`The JSONata expression cannot reference '$$'`, loc);
    } else if (Array.isArray(v)) v.forEach((x, i) => this.jsonataValue(x, `${loc}[${i}]`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) this.jsonataValue(x, `${loc}/${k}`);
  }

  protected dynamicValue(v: JsonValue | undefined, loc: string, key?: string): void {
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

  protected payloadTemplate(v: JsonValue, loc: string): void {
    if (Array.isArray(v)) v.forEach((x, i) => this.payloadTemplate(x, `${loc}[${i}]`));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k.endsWith('.$')) this.dynamicValue(x, loc, k);
        else this.payloadTemplate(x, `${loc}/${k}`);
      }
    }
  }

  protected assign(v: JsonValue | undefined, lang: 'JSONPath' | 'JSONata', loc: string): void {
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
}
