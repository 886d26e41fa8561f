// Executions: Start/StartSync/Stop/Describe/List, GetExecutionHistory and DescribeStateMachineForExecution.
import { randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import type { LoggingConfiguration, Operations, TracingConfiguration } from './api.js';
import { executionArn, requireName } from './arns.js';
import type { HistoryEvent, JsonValue } from './asl/index.js';
import type { Driver } from './driver.js';
import { SfnErrors } from './errors.js';
import { decodeToken, encodeToken, pageSize } from './paging.js';
import type { SfnService } from './service.js';
import { describeTarget } from './state-machines.js';
import type { ExecutionRow } from './store.js';
import { notRedrivableReason } from './redrive.js';
import type { RedriveColumns } from './runs-store.js';

const redriveOf = (row: ExecutionRow) => {
  const r = row as ExecutionRow & Partial<RedriveColumns>;
  return {
    redriveCount: r.redrive_count ?? 0,
    ...(r.redrive_date !== null && r.redrive_date !== undefined ? { redriveDate: new Date(r.redrive_date) } : {}),
  };
};

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

function parseInput(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    throw SfnErrors.invalidExecutionInput((e as Error).message);
  }
}

/** Starts an execution of a state machine, version or alias (weighted choice of the alias's versions). */
async function startExecution(
  svc: SfnService,
  driver: Driver,
  ctx: RequestContext,
  input: { stateMachineArn: string; name?: string; input?: string; traceHeader?: string },
  requireType?: 'EXPRESS',
): Promise<ExecutionRow> {
  const target = describeTarget(svc, input.stateMachineArn);
  const sm = target.sm;
  if (requireType && sm.type !== requireType) {
    throw SfnErrors.stateMachineTypeNotSupported('This operation is not supported by this type of state machine');
  }
  let version = target.version;
  if (target.alias) {
    const routing = JSON.parse(target.alias.routing) as Array<{ stateMachineVersionArn: string; weight: number }>;
    let pick = Math.random() * 100;
    const chosen = routing.find((r) => (pick -= r.weight) < 0) ?? routing[routing.length - 1];
    version = chosen ? svc.store.version(chosen.stateMachineVersionArn) : undefined;
    if (!version) throw SfnErrors.stateMachineDoesNotExist(input.stateMachineArn);
  }
  const name = input.name ?? randomUUID();
  requireName(name);
  const inputText = input.input ?? '{}';
  const parsed = parseInput(inputText);
  const express = sm.type === 'EXPRESS';
  const arn = executionArn(sm.arn, name, express, randomUUID());
  const existing = express ? undefined : svc.store.execution(arn);
  if (existing) {
    // Idempotent only while the original is open and the input is identical.
    if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
    throw SfnErrors.executionAlreadyExists(arn);
  }
  const source = version ?? sm;
  return driver.start(
    {
      info: {
        executionArn: arn,
        name,
        stateMachineArn: version ? version.arn : sm.arn,
        stateMachineName: sm.name,
        roleArn: source.role_arn,
      },
      input: parsed,
      inputText,
      accountId: ctx.accountId,
      region: ctx.region,
      type: sm.type,
      definition: source.definition,
      versionArn: version?.arn ?? null,
      aliasArn: target.alias?.arn ?? null,
      traceHeader: input.traceHeader ?? null,
    },
    () => {
      if (!express && svc.store.execution(arn)) throw SfnErrors.executionAlreadyExists(arn);
    },
  );
}

function baseArn(row: ExecutionRow): string {
  return row.state_machine_arn.split(':').slice(0, 7).join(':');
}

/** History without input/output payloads (includeExecutionData: false). */
function withoutData(ev: HistoryEvent): HistoryEvent {
  const out: Record<string, unknown> = { ...ev };
  for (const [k, v] of Object.entries(out)) {
    if (!k.endsWith('EventDetails') || typeof v !== 'object' || v === null) continue;
    const d: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const f of ['input', 'output', 'parameters', 'inputDetails', 'outputDetails']) delete d[f];
    out[k] = d;
  }
  return out as unknown as HistoryEvent;
}

export function executionHandlers(
  svc: SfnService,
  driver: Driver,
): Pick<
  HandlerTable<Operations>,
  | 'StartExecution'
  | 'StartSyncExecution'
  | 'StopExecution'
  | 'DescribeExecution'
  | 'ListExecutions'
  | 'GetExecutionHistory'
  | 'DescribeStateMachineForExecution'
> {
  return {
    async StartExecution(input, ctx) {
      const row = await startExecution(svc, driver, ctx, input);
      return { executionArn: row.arn, startDate: new Date(row.start_date) };
    },

    async StartSyncExecution(input, ctx) {
      const started = await startExecution(svc, driver, ctx, input, 'EXPRESS');
      await driver.waitFinished(started.arn, ctx.signal);
      const row = svc.store.execution(started.arn) as ExecutionRow;
      const stop = row.stop_date ?? svc.now();
      const status = row.status === 'RUNNING' ? 'TIMED_OUT' : row.status;
      return {
        executionArn: row.arn,
        stateMachineArn: row.state_machine_arn,
        name: row.name,
        startDate: new Date(row.start_date),
        stopDate: new Date(stop),
        status: status as 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT',
        ...(row.error !== null ? { error: row.error } : {}),
        ...(row.cause !== null ? { cause: row.cause } : {}),
        input: row.input,
        inputDetails: { included: true },
        ...(row.output !== null ? { output: row.output, outputDetails: { included: true } } : {}),
        ...(row.trace_header !== null ? { traceHeader: row.trace_header } : {}),
        billingDetails: {
          billedMemoryUsedInMB: 64,
          billedDurationInMilliseconds: Math.max(100, Math.ceil((stop - row.start_date) / 100) * 100),
        },
      };
    },

    async StopExecution(input) {
      const row = svc.execution(input.executionArn);
      if (row.status === 'RUNNING') {
        await driver.feed(row.arn, {
          kind: 'stop',
          ...(input.error !== undefined ? { error: input.error } : {}),
          ...(input.cause !== undefined ? { cause: input.cause } : {}),
        });
      }
      const after = svc.store.execution(row.arn) as ExecutionRow;
      return { stopDate: new Date(after.stop_date ?? svc.now()) };
    },

    DescribeExecution(input) {
      const row = svc.execution(input.executionArn);
      const reason = notRedrivableReason(row, svc.now());
      return {
        executionArn: row.arn,
        stateMachineArn: row.state_machine_arn,
        name: row.name,
        status: row.status as Status,
        startDate: new Date(row.start_date),
        ...(row.stop_date !== null ? { stopDate: new Date(row.stop_date) } : {}),
        input: row.input,
        inputDetails: { included: true },
        ...(row.output !== null ? { output: row.output, outputDetails: { included: true } } : {}),
        ...(row.error !== null ? { error: row.error } : {}),
        ...(row.cause !== null ? { cause: row.cause } : {}),
        ...(row.trace_header !== null ? { traceHeader: row.trace_header } : {}),
        ...(row.version_arn !== null ? { stateMachineVersionArn: row.version_arn } : {}),
        ...(row.alias_arn !== null ? { stateMachineAliasArn: row.alias_arn } : {}),
        ...redriveOf(row),
        redriveStatus: reason === null ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
        ...(reason === null ? {} : { redriveStatusReason: reason }),
      };
    },

    ListExecutions(input) {
      if (input.mapRunArn !== undefined) {
        // Child workflows of a Map Run are not separate executions in atoll (see docs/coverage).
        if (!svc.runs.mapRun(input.mapRunArn)) throw SfnErrors.resourceNotFound(input.mapRunArn);
        return { executions: [] };
      }
      if (input.stateMachineArn === undefined) {
        throw SfnErrors.validation('Must provide a StateMachine ARN or MapRun ARN');
      }
      const target = describeTarget(svc, input.stateMachineArn);
      if (target.alias) throw SfnErrors.invalidArn(`Resource type not valid in this context: alias`);
      if (target.sm.type === 'EXPRESS') {
        throw SfnErrors.stateMachineTypeNotSupported('This operation is not supported by this type of state machine');
      }
      const limit = pageSize(input.maxResults);
      const before = decodeToken(input.nextToken) ?? Number.MAX_SAFE_INTEGER;
      const status = input.statusFilter ?? null;
      const redrive = input.redriveFilter ?? null;
      const rows = target.version
        ? svc.runs.listExecutions('version', target.version.arn, status, redrive, before, limit + 1)
        : svc.runs.listExecutions('stateMachine', target.sm.arn, status, redrive, before, limit + 1);
      const page = rows.slice(0, limit);
      const out: Operations['ListExecutions']['output'] = {
        executions: page.map((r) => ({
          executionArn: r.arn,
          stateMachineArn: r.state_machine_arn,
          name: r.name,
          status: r.status as Status,
          startDate: new Date(r.start_date),
          ...(r.stop_date !== null ? { stopDate: new Date(r.stop_date) } : {}),
          ...(r.version_arn !== null ? { stateMachineVersionArn: r.version_arn } : {}),
          ...(r.alias_arn !== null ? { stateMachineAliasArn: r.alias_arn } : {}),
          ...redriveOf(r),
        })),
      };
      const last = page[page.length - 1];
      if (rows.length > limit && last) out.nextToken = encodeToken(last.seq);
      return out;
    },

    GetExecutionHistory(input) {
      const row = svc.execution(input.executionArn);
      const limit = pageSize(input.maxResults);
      const reverse = input.reverseOrder === true;
      const cursor = decodeToken(input.nextToken) ?? (reverse ? Number.MAX_SAFE_INTEGER : 0);
      const texts = svc.store.history(row.arn, reverse, cursor, limit + 1);
      const page = texts.slice(0, limit).map((t) => JSON.parse(t) as HistoryEvent);
      const includeData = input.includeExecutionData !== false;
      const events = page.map((ev) => {
        const e = includeData ? ev : withoutData(ev);
        return { ...e, timestamp: new Date(e.timestamp) };
      });
      const out: Operations['GetExecutionHistory']['output'] = {
        events: events as unknown as Operations['GetExecutionHistory']['output']['events'],
      };
      const last = page[page.length - 1];
      if (texts.length > limit && last) out.nextToken = encodeToken(last.id);
      return out;
    },

    DescribeStateMachineForExecution(input) {
      const row = svc.execution(input.executionArn);
      const sm = svc.store.stateMachine(baseArn(row));
      const version = row.version_arn ? svc.store.version(row.version_arn) : undefined;
      const logging = version?.logging ?? sm?.logging;
      const tracing = version?.tracing ?? sm?.tracing;
      return {
        stateMachineArn: row.state_machine_arn,
        name: row.state_machine_arn.split(':')[6] ?? '',
        definition: row.definition,
        roleArn: row.role_arn,
        updateDate: new Date(version?.created_at ?? sm?.updated_at ?? row.start_date),
        ...(logging ? { loggingConfiguration: JSON.parse(logging) as LoggingConfiguration } : {}),
        ...(tracing ? { tracingConfiguration: JSON.parse(tracing) as TracingConfiguration } : {}),
        ...(version ? { revisionId: version.revision_id } : sm?.revision_id ? { revisionId: sm.revision_id } : {}),
      };
    },
  };
}
