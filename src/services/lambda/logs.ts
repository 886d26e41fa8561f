// Function logs: the START/END/REPORT frame Lambda writes around each invocation, the LogType=Tail result, and
// delivery to CloudWatch Logs (/aws/lambda/<name>) through a durable job when the logs service is loaded.
import type { Caller } from '../types.js';
import type { LambdaService } from './service.js';

export const LOGS_JOB = 'lambda.logs';

export interface LogsPayload {
  accountId: string;
  region: string;
  group: string;
  stream: string;
  events: Array<{ timestamp: number; message: string }>;
}

export function frame(
  requestId: string,
  version: string,
  lines: string[],
  durationMs: number,
  memoryMb: number,
  maxMemoryMb: number,
): string[] {
  const billed = Math.max(1, Math.ceil(durationMs));
  return [
    `START RequestId: ${requestId} Version: ${version}`,
    ...lines,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\t` +
      `Memory Size: ${memoryMb} MB\tMax Memory Used: ${maxMemoryMb} MB\t`,
  ];
}

/** X-Amz-Log-Result: the last 4 KB of the invocation's log, base64. */
export function tail(lines: string[]): string {
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return text.subarray(Math.max(0, text.length - 4096)).toString('base64');
}

/** Queues the lines for CloudWatch Logs (inside the caller's transaction, or on its own). */
export function shipLogs(svc: LambdaService, payload: LogsPayload): void {
  if (!svc.core.hasService('logs') || payload.events.length === 0) return;
  svc.core.scheduler.schedule(LOGS_JOB, svc.now(), payload);
}

export async function deliverLogs(svc: LambdaService, p: LogsPayload): Promise<void> {
  if (!svc.core.hasService('logs')) return;
  const caller: Caller = { accountId: p.accountId, region: p.region };
  const ignore = () => undefined; // the group or stream already exists
  await svc.core.call('logs', 'CreateLogGroup', { logGroupName: p.group }, caller).catch(ignore);
  await svc.core
    .call('logs', 'CreateLogStream', { logGroupName: p.group, logStreamName: p.stream }, caller)
    .catch(ignore);
  await svc.core.call(
    'logs',
    'PutLogEvents',
    { logGroupName: p.group, logStreamName: p.stream, logEvents: p.events },
    caller,
  );
}
