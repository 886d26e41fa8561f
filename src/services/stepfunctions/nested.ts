// Types the driver shares with its callers, and how a finished nested (`.sync`) execution answers its parent.
import type { ExecutionInfo, JsonValue } from './asl/index.js';
import type { TaskOutcome } from './integrations.js';
import type { ExecutionRow } from './store.js';

/** A nested `.sync` execution reports to its parent's task. */
export interface ParentLink {
  executionArn: string;
  taskId: string;
  pattern: string;
}

export interface NewExecution {
  info: ExecutionInfo;
  input: JsonValue;
  inputText: string;
  accountId: string;
  region: string;
  type: string;
  definition: string;
  versionArn: string | null;
  aliasArn: string | null;
  traceHeader: string | null;
}

/** A finished `.sync` child as its parent's task result (DescribeExecution's shape) or failure. */
export function childOutcome(child: ExecutionRow, pattern: string): TaskOutcome {
  const parse = (t: string | null): JsonValue =>
    pattern === 'sync:2' && t !== null ? (JSON.parse(t) as JsonValue) : t;
  const described: Record<string, JsonValue> = {
    ExecutionArn: child.arn,
    Input: parse(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    StartDate: child.start_date,
    StateMachineArn: child.state_machine_arn,
    Status: child.status,
    StopDate: child.stop_date,
  };
  if (child.output !== null) {
    described.Output = parse(child.output);
    described.OutputDetails = { Included: true };
  }
  if (child.error !== null) described.Error = child.error;
  if (child.cause !== null) described.Cause = child.cause;
  if (child.status === 'SUCCEEDED') return { kind: 'succeeded', output: described };
  return { kind: 'failed', error: 'States.TaskFailed', cause: JSON.stringify(described) };
}
