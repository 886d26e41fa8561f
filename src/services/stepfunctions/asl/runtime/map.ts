/** The Map state: items, batching, iterations and failure tolerance (inline and distributed alike). */
import { ERR, runtimeError } from '../errors.js';
import { type JsonObject, type JsonValue, isObject, stringify } from '../json.js';
import { evaluatePath } from '../jsonpath.js';
import { resolvePayload } from '../payload.js';
import type { ActiveState, Frame, MapRun } from '../types.js';
import { type ChildOutcome, bracketed, errorCause } from './shared.js';
import { ParallelStates } from './parallel.js';

export abstract class InlineMapStates extends ParallelStates {
  protected async runMap(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    const maxConcurrency = (await this.numberField(frame, st, 'MaxConcurrency', effective, states)) ?? 0;
    const toleratedCount = (await this.numberField(frame, st, 'ToleratedFailureCount', effective, states)) ?? null;
    const toleratedPercentage = await this.percentageField(frame, st, effective, states);
    const run: MapRun = {
      items: [],
      effectiveInput: effective,
      nextIndex: 0,
      running: {},
      results: [],
      completed: 0,
      failed: 0,
      maxConcurrency,
      toleratedCount,
      toleratedPercentage,
    };
    a.map = run;
    this.assignMapRun(a, st, run);
    if (isObject(st.ItemReader)) return this.readItems(frame, a, st, run, effective, states);
    let items: JsonValue;
    if (jsonata) {
      items = 'Items' in st ? await this.jsonata(frame, st.Items as JsonValue, states, 'Items') : a.input;
    } else if ('ItemsPath' in st) {
      const path = st.ItemsPath as string;
      const r = evaluatePath(path, this.roots(frame, effective));
      if (!r.found) throw runtimeError(`Invalid path '${path}' : No results for path: ${bracketed(path)}`);
      items = r.value;
    } else items = effective;
    if (!Array.isArray(items)) {
      throw runtimeError(`Map state input must be a JSON array, but was ${stringify(items)}`);
    }
    await this.beginIterations(frame, a, st, run, items);
  }

  protected async percentageField(frame: Frame, st: JsonObject, effective: JsonValue, states: JsonObject) {
    let v: JsonValue | undefined;
    if ('ToleratedFailurePercentage' in st) {
      v = st.ToleratedFailurePercentage as JsonValue;
      if (typeof v === 'string') v = await this.jsonata(frame, v, states, 'ToleratedFailurePercentage');
    } else if ('ToleratedFailurePercentagePath' in st) {
      const r = evaluatePath(st.ToleratedFailurePercentagePath as string, this.roots(frame, effective));
      if (!r.found) throw runtimeError(`Invalid path '${String(st.ToleratedFailurePercentagePath)}'`);
      v = r.value;
    } else return null;
    if (typeof v !== 'number' || v < 0 || v > 100) {
      throw runtimeError(`The value for the field 'ToleratedFailurePercentage' must be a number between 0 and 100`);
    }
    return v;
  }

  protected async beginIterations(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun, items: JsonValue[]) {
    run.items = isObject(st.ItemBatcher)
      ? await this.batch(frame, st, st.ItemBatcher, items, run.effectiveInput)
      : items;
    run.results = run.items.map(() => null);
    a.phase = 'items';
    this.emit(frame, 'MapStateStarted', { mapStateStartedEventDetails: { length: run.items.length } });
    if (run.mapRunArn) {
      if (isObject(st.ItemBatcher)) {
        run.batchSizes = run.items.map((b) => (isObject(b) && Array.isArray(b.Items) ? b.Items.length : 1));
      }
      this.emit(frame, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: run.mapRunArn } });
      run.startDate = this.events[this.events.length - 1]?.timestamp ?? this.now;
      this.markRun(run, 'RUNNING');
    }
    if (run.items.length === 0) return this.finishMap(frame, a, st, run);
    await this.launchIterations(frame, a, st, run);
  }

  protected async batch(
    frame: Frame,
    st: JsonObject,
    batcher: JsonObject,
    items: JsonValue[],
    effective: JsonValue,
  ): Promise<JsonValue[]> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: (frame.active as ActiveState).input, context: this.context(frame) };
    const maxItems = (await this.numberField(frame, batcher, 'MaxItemsPerBatch', effective, states)) ?? Infinity;
    const maxBytes = (await this.numberField(frame, batcher, 'MaxInputBytesPerBatch', effective, states)) ?? Infinity;
    let batchInput: JsonValue | undefined;
    if ('BatchInput' in batcher) {
      batchInput = jsonata
        ? await this.jsonata(frame, batcher.BatchInput as JsonValue, states, 'BatchInput')
        : resolvePayload(batcher.BatchInput as JsonValue, this.ienv(frame, effective));
    }
    const batches: JsonValue[] = [];
    let cur: JsonValue[] = [];
    let bytes = 0;
    for (const item of items) {
      const size = Buffer.byteLength(stringify(item));
      if (cur.length > 0 && (cur.length >= maxItems || bytes + size > maxBytes)) {
        batches.push(cur);
        cur = [];
        bytes = 0;
      }
      cur.push(item);
      bytes += size;
    }
    if (cur.length) batches.push(cur);
    return batches.map((b): JsonValue =>
      batchInput !== undefined ? { BatchInput: batchInput, Items: b } : { Items: b },
    );
  }

  protected async itemInput(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun, index: number) {
    const item = run.items[index] as JsonValue;
    const ctx = this.context(frame, { Map: { Item: { Index: index, Value: item } } });
    if (this.lang(st) === 'JSONata') {
      if (!('ItemSelector' in st)) return item;
      return this.jsonata(frame, st.ItemSelector as JsonValue, { input: a.input, context: ctx }, 'ItemSelector');
    }
    const selector = 'ItemSelector' in st ? st.ItemSelector : st.Parameters;
    if (selector === undefined) return item;
    return resolvePayload(selector, this.ienv(frame, run.effectiveInput, ctx));
  }

  protected async launchIterations(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void> {
    const processorKey = 'ItemProcessor' in st ? 'ItemProcessor' : 'Iterator';
    const processor = st[processorKey] as JsonObject;
    while (
      run.nextIndex < run.items.length &&
      (run.maxConcurrency === 0 || Object.keys(run.running).length < run.maxConcurrency)
    ) {
      const index = run.nextIndex;
      let input: JsonValue;
      try {
        input = await this.itemInput(frame, a, st, run, index);
      } catch (e) {
        const err = this.wrap(a, e);
        this.abortIterations(frame, a, run);
        delete a.map;
        if (run.mapRunArn) this.failRun(frame, run, err.error, err.cause);
        this.emit(frame, 'MapStateFailed');
        return this.handleError(frame, err.error, err.cause);
      }
      run.nextIndex += 1;
      if (run.records) {
        const startDate = this.stamp();
        run.records.push({ index, name: this.uuid(), status: 'RUNNING', input, startDate });
        this.markRun(run);
      } else this.emit(frame, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: a.name, index } });
      const child = this.newFrame(frame, [...this.stateScope(frame, a.name), processorKey], index);
      run.running[String(index)] = child.id;
      this.queue.push({ frameId: child.id, name: processor.StartAt as string, input });
    }
  }

  protected async iterationDone(
    frame: Frame,
    a: ActiveState,
    run: MapRun,
    index: number,
    outcome: ChildOutcome,
  ): Promise<void> {
    const st = this.stateDef(frame, a.name);
    delete run.running[String(index)];
    run.completed += 1;
    const details = { name: a.name, index };
    const record = run.records?.find((r) => r.index === index);
    if (record) {
      record.stopDate = this.stamp();
      record.status = outcome.ok ? 'SUCCEEDED' : 'FAILED';
      if (outcome.ok) record.output = outcome.output;
      else Object.assign(record, errorCause(outcome.error, outcome.cause));
      this.markRun(run);
    }
    if (outcome.ok) {
      run.results[index] = outcome.output;
      if (!record) this.emit(frame, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: details });
    } else {
      run.failed += 1;
      run.results[index] = { Error: outcome.error, Cause: outcome.cause ?? '' };
      if (!record) this.emit(frame, 'MapIterationFailed', { mapIterationFailedEventDetails: details });
      // A Distributed Map tolerates no failure unless told otherwise, and reports it as the threshold error.
      const tolerance = run.toleratedCount !== null || run.toleratedPercentage !== null || !!run.mapRunArn;
      const count = run.toleratedCount ?? (run.toleratedPercentage === null ? 0 : null);
      const exceeded = tolerance
        ? (count !== null && run.failed > count) ||
          (run.toleratedPercentage !== null && (run.failed / run.items.length) * 100 > run.toleratedPercentage)
        : true;
      if (exceeded) {
        this.abortIterations(frame, a, run);
        delete a.map;
        const thresholdCause = 'The specified tolerated failure threshold was exceeded';
        if (run.mapRunArn) this.failRun(frame, run, ERR.ExceedToleratedFailureThreshold, thresholdCause);
        this.emit(frame, 'MapStateFailed');
        if (tolerance) return this.handleError(frame, ERR.ExceedToleratedFailureThreshold, thresholdCause);
        return this.handleError(frame, outcome.error, outcome.cause);
      }
    }
    if (run.completed === run.items.length) return this.finishMap(frame, a, st, run);
    await this.launchIterations(frame, a, st, run);
  }

  protected async finishMap(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void> {
    if (run.mapRunArn) {
      this.emit(frame, 'MapRunSucceeded');
      this.markRun(run, 'SUCCEEDED');
    }
    if (isObject(st.ResultWriter)) return this.writeResults(frame, a, st, run);
    delete a.map;
    this.emit(frame, 'MapStateSucceeded');
    await this.guarded(frame, () => this.finishWithResult(frame, run.results));
  }

  protected abortIterations(frame: Frame, a: ActiveState, run: MapRun): void {
    for (const [i, child] of Object.entries(run.running)) {
      this.abortFrame(child);
      const index = Number(i);
      const record = run.records?.find((r) => r.index === index);
      if (record) {
        record.status = 'ABORTED';
        record.stopDate = this.stamp();
      } else {
        this.emit(frame, 'MapIterationAborted', { mapIterationAbortedEventDetails: { name: a.name, index } });
      }
    }
    run.running = {};
  }
}
