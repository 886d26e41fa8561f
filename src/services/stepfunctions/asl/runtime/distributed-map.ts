/** Distributed Map: map runs (DescribeMapRun counters, UpdateMapRun), ItemReader and ResultWriter requests. */
import { ERR, runtimeError } from '../errors.js';
import { type JsonObject, type JsonValue, isObject } from '../json.js';
import { evaluatePath } from '../jsonpath.js';
import { resolvePayload } from '../payload.js';
import type { ActiveState, ExecutionEvent, Frame, MapRun, MapRunInfo } from '../types.js';
import { type RequestEvent, errorCause } from './shared.js';
import { InlineMapStates } from './map.js';

export abstract class DistributedMapStates extends InlineMapStates {
  protected async updateMapRun(event: Extract<ExecutionEvent, { kind: 'updateMapRun' }>): Promise<void> {
    for (const frame of Object.values(this.snap.frames)) {
      const a = frame.active;
      const run = a?.map;
      if (!a || !run || run.mapRunArn !== event.mapRunArn) continue;
      if (event.maxConcurrency !== undefined) run.maxConcurrency = event.maxConcurrency;
      if (event.toleratedFailureCount !== undefined) run.toleratedCount = event.toleratedFailureCount;
      if (event.toleratedFailurePercentage !== undefined) run.toleratedPercentage = event.toleratedFailurePercentage;
      this.markRun(run, 'RUNNING');
      if (a.phase === 'items') {
        const st = this.stateDef(frame, a.name);
        await this.guarded(frame, () => this.launchIterations(frame, a, st, run));
      }
      return;
    }
  }

  protected failRun(frame: Frame, run: MapRun, error: string, cause: string | undefined): void {
    this.emit(frame, 'MapRunFailed', { mapRunFailedEventDetails: errorCause(error, cause) });
    this.markRun(run, 'FAILED');
  }

  protected markRun(run: MapRun, status?: MapRunInfo['status']): void {
    if (!run.mapRunArn) return;
    if (status) {
      run.runStatus = status;
      if (status !== 'RUNNING') run.stopDate = this.events[this.events.length - 1]?.timestamp ?? this.now;
    }
    this.dirtyRuns.add(run);
  }

  protected async onRequest(event: RequestEvent): Promise<void> {
    const frame = this.snap.frames[this.snap.requests[event.requestId] ?? ''];
    delete this.snap.requests[event.requestId];
    const a = frame?.active;
    if (!frame || !a?.map || a.map.requestId !== event.requestId) return;
    const run = a.map;
    delete run.requestId;
    const st = this.stateDef(frame, a.name);
    switch (event.kind) {
      case 'itemsRead':
        await this.guarded(frame, () => this.beginIterations(frame, a, st, run, event.items));
        return;
      case 'itemsReadFailed':
        delete a.map;
        await this.handleError(frame, event.error ?? ERR.ItemReaderFailed, event.cause);
        return;
      case 'resultsWritten':
        delete a.map;
        this.emit(frame, 'MapStateSucceeded');
        await this.guarded(frame, () => this.finishWithResult(frame, event.output));
        return;
      case 'resultsWriteFailed':
        delete a.map;
        this.emit(frame, 'MapStateFailed');
        await this.handleError(frame, event.error ?? ERR.ResultWriterFailed, event.cause);
        return;
    }
  }

  /** A Distributed Map gets a map run: its ARN and one record per child workflow. */
  protected assignMapRun(a: ActiveState, st: JsonObject, run: MapRun): void {
    const processor = (st.ItemProcessor ?? st.Iterator) as JsonObject | undefined;
    if (isObject(processor?.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED') {
      const [, partition, , region, account] = this.snap.execution.executionArn.split(':');
      const label = typeof st.Label === 'string' ? st.Label : a.name;
      const sm = this.snap.execution.stateMachineName;
      run.mapRunArn = `arn:${partition}:states:${region}:${account}:mapRun:${sm}/${label}:${this.uuid()}`;
      run.records = [];
    }
  }

  /** ItemReader: the items come from S3 through a `readItems` effect; `itemsRead` resumes the state. */
  protected async readItems(
    frame: Frame,
    a: ActiveState,
    st: JsonObject,
    run: MapRun,
    effective: JsonValue,
    states: JsonObject,
  ): Promise<void> {
    const jsonata = this.lang(st) === 'JSONata';
    const reader = st.ItemReader as JsonObject;
    let parameters: JsonValue = {};
    if (jsonata && 'Arguments' in reader)
      parameters = await this.jsonata(frame, reader.Arguments as JsonValue, states, 'Arguments');
    else if ('Parameters' in reader)
      parameters = resolvePayload(reader.Parameters as JsonValue, this.ienv(frame, effective));
    let readerConfig: JsonValue = (reader.ReaderConfig as JsonValue) ?? {};
    if (jsonata) readerConfig = await this.jsonata(frame, readerConfig, states, 'ReaderConfig');
    if (isObject(readerConfig) && typeof readerConfig.MaxItemsPath === 'string') {
      const r = evaluatePath(readerConfig.MaxItemsPath, this.roots(frame, effective));
      if (!r.found) throw runtimeError(`Invalid path '${readerConfig.MaxItemsPath}'`);
      readerConfig = { ...readerConfig, MaxItems: r.value };
      delete readerConfig.MaxItemsPath;
    }
    const requestId = this.nextId('request-');
    run.requestId = requestId;
    this.snap.requests[requestId] = frame.id;
    a.phase = 'readItems';
    this.effects.push({
      kind: 'readItems',
      requestId,
      stateName: a.name,
      resource: reader.Resource as string,
      parameters,
      readerConfig,
    });
  }

  /** ResultWriter: the results go to S3 through a `writeResults` effect; `resultsWritten` ends the state. */
  protected async writeResults(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void> {
    const writer = st.ResultWriter as JsonObject;
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    let parameters: JsonValue = {};
    if (jsonata && 'Arguments' in writer)
      parameters = await this.jsonata(frame, writer.Arguments as JsonValue, states, 'Arguments');
    else if ('Parameters' in writer)
      parameters = resolvePayload(writer.Parameters as JsonValue, this.ienv(frame, run.effectiveInput));
    const requestId = this.nextId('request-');
    run.requestId = requestId;
    this.snap.requests[requestId] = frame.id;
    a.phase = 'writeResults';
    this.effects.push({
      kind: 'writeResults',
      requestId,
      stateName: a.name,
      resource: (writer.Resource as string | undefined) ?? '',
      parameters,
      writerConfig: (writer.WriterConfig as JsonValue) ?? {},
      results: run.results,
      ...(run.mapRunArn ? { mapRunArn: run.mapRunArn, records: run.records ?? [] } : {}),
    });
  }
}
