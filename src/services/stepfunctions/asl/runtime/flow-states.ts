/** States that need no outside work: Pass, Choice, Wait, Succeed and Fail. */
import { evaluateRule, parseTimestamp } from '../choice.js';
import { ERR, StatesError, runtimeError } from '../errors.js';
import { type JsonObject, type JsonValue, stringify } from '../json.js';
import { evaluatePath } from '../jsonpath.js';
import { resolveDynamic, resolvePayload } from '../payload.js';
import type { ActiveState, Frame } from '../types.js';
import { bracketed } from './shared.js';
import { TaskStates } from './task.js';

export abstract class FlowStates extends TaskStates {
  protected async runPass(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      const output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : a.input;
      const assigned = await this.computeAssign(frame, st, 'JSONata', a.input, states);
      return this.exitState(frame, st, output, assigned);
    }
    const effective = this.select(frame, st, 'InputPath', a.input);
    const params =
      'Parameters' in st ? resolvePayload(st.Parameters as JsonValue, this.ienv(frame, effective)) : effective;
    const result = 'Result' in st ? (st.Result as JsonValue) : params;
    const afterResultPath = this.applyResultPath(st, a.input, result);
    if (this.snap.test) {
      this.inspect('afterInputPath', effective);
      this.inspect('afterParameters', params);
      this.inspect('result', result);
      this.inspect('afterResultPath', afterResultPath);
    }
    const output = this.select(frame, st, 'OutputPath', afterResultPath);
    const assigned = await this.computeAssign(frame, st, 'JSONPath', result, {});
    return this.exitState(frame, st, output, assigned);
  }

  protected async runChoice(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const choices = (st.Choices as JsonObject[]) ?? [];
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    let matched: JsonObject | undefined;
    for (const rule of choices) {
      if (jsonata) {
        const v = await this.jsonata(frame, rule.Condition as JsonValue, states, 'Condition');
        if (typeof v !== 'boolean') {
          throw new StatesError(
            ERR.QueryEvaluationError,
            `The JSONata expression '${String(rule.Condition)}' specified for the field 'Condition' returned a non-boolean value ${stringify(v)}`,
          );
        }
        if (v) {
          matched = rule;
          break;
        }
      } else if (evaluateRule(rule, this.roots(frame, effective))) {
        matched = rule;
        break;
      }
    }
    let next: string;
    let holder: JsonObject;
    if (matched) {
      next = matched.Next as string;
      holder = matched;
    } else if (typeof st.Default === 'string') {
      next = st.Default;
      holder = st;
    } else {
      throw runtimeError('No Matches!');
    }
    let output: JsonValue;
    if (jsonata) {
      const out = 'Output' in holder ? holder.Output : st.Output;
      output = out !== undefined ? await this.jsonata(frame, out, states, 'Output') : a.input;
    } else output = this.select(frame, st, 'OutputPath', effective);
    const assigned = await this.computeAssign(frame, holder, jsonata ? 'JSONata' : 'JSONPath', effective, states);
    return this.exitState(frame, st, output, assigned, next);
  }

  protected async runWait(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    let until: Date;
    if ('Seconds' in st || 'SecondsPath' in st) {
      const seconds = (await this.numberField(frame, st, 'Seconds', effective, states)) as number;
      until = this.secondsFromNow(seconds);
    } else {
      let ts: JsonValue;
      if ('Timestamp' in st) {
        ts = st.Timestamp as JsonValue;
        if (jsonata) ts = await this.jsonata(frame, ts, states, 'Timestamp');
      } else {
        const path = st.TimestampPath as string;
        const r = evaluatePath(path, this.roots(frame, effective));
        if (!r.found) throw runtimeError(`Invalid path '${path}' : No results for path: ${bracketed(path)}`);
        ts = r.value;
      }
      const ms = parseTimestamp(ts);
      if (ms === null)
        throw runtimeError(
          `The value for the field 'Timestamp' must be a valid ISO-8601 timestamp, but was ${stringify(ts)}`,
        );
      until = new Date(ms);
    }
    const output = jsonata
      ? 'Output' in st
        ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output')
        : a.input
      : this.select(frame, st, 'OutputPath', effective);
    const assigned = await this.computeAssign(frame, st, jsonata ? 'JSONata' : 'JSONPath', effective, states);
    if (until.getTime() <= this.options.now.getTime()) return this.exitState(frame, st, output, assigned);
    a.phase = 'wait';
    a.pendingOutput = output;
    if (assigned) a.pendingAssign = assigned;
    a.timerId = this.startTimer(frame, 'wait', until);
  }

  protected async runSucceed(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    let output: JsonValue;
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : a.input;
    } else {
      output = this.select(frame, st, 'OutputPath', this.select(frame, st, 'InputPath', a.input));
    }
    return this.exitState(frame, st, output);
  }

  protected async runFail(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const field = async (name: 'Error' | 'Cause'): Promise<string | undefined> => {
      let v: JsonValue | undefined;
      if (name in st) {
        v = st[name] as JsonValue;
        if (this.lang(st) === 'JSONata') {
          v = await this.jsonata(frame, v, { input: a.input, context: this.context(frame) }, name);
        }
      } else if (`${name}Path` in st) {
        v = resolveDynamic(`${name}Path`, st[`${name}Path`] as string, this.ienv(frame, a.input));
      } else return undefined;
      if (typeof v !== 'string') {
        throw runtimeError(`The value for the field '${name}' must be a string, but was ${stringify(v)}`);
      }
      return v;
    };
    const error = await field('Error');
    const cause = await field('Cause');
    this.noteFailure(frame);
    frame.active = null;
    await this.failFrame(frame, error, cause);
  }
}
