/** Checks of Retry and Catch. */
import { type JsonValue, isObject } from '../json.js';
import { isReferencePath } from '../jsonpath.js';
import { RETRIER_FIELDS, positiveInt } from './fields.js';
import { ExpressionChecks } from './expressions.js';

export abstract class RetryCatchChecks extends ExpressionChecks {
  protected errorEquals(v: JsonValue | undefined, loc: string, i: number, count: number, kind: string): void {
    if (!Array.isArray(v) || v.length === 0 || !v.every((e) => typeof e === 'string')) {
      this.schema('These fields are required: [ErrorEquals]', loc);
      return;
    }
    if (v.includes('States.ALL')) {
      if (v.length > 1) this.schema(`'States.ALL' must appear alone in 'ErrorEquals'`, `${loc}/ErrorEquals`);
      if (i !== count - 1) this.schema(`A ${kind} with 'States.ALL' must be the last ${kind}`, `${loc}/ErrorEquals`);
    }
  }

  protected retry(v: JsonValue | undefined, loc: string): void {
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

  protected catchers(v: JsonValue | undefined, names: string[], lang: 'JSONPath' | 'JSONata', loc: string): void {
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
}
