// What CloudTrail needs to know about one completed request: the richer audit entry the pipeline is to hand its
// recorders, and an adapter from today's narrower AuditEntry so the recorder works before the pipeline does.
import type { ServiceModel } from '../../protocol/model.js';
import type { AuditEntry } from '../../server/pipeline.js';
import type { AuthzTarget, Principal } from '../types.js';

export interface CloudTrailEntry {
  requestId: string;
  /** When the request arrived (ms). */
  time: number;
  /** atoll service name (e.g. 'stepfunctions'). */
  service: string;
  /** The model's endpoint prefix (e.g. 'states'): eventSource is `<prefix>.amazonaws.com`. */
  endpointPrefix?: string;
  operation: string;
  accountId: string;
  region: string;
  principal: Principal;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  /** The client's address (x-forwarded-for is not trusted) and User-Agent header. */
  sourceIp?: string;
  userAgent?: string;
  /** The parsed, validated input (absent when the request failed before parsing). */
  input?: Record<string, unknown>;
  /** The handler's output (successful requests). */
  output?: unknown;
  /** The service model and the operation's shapes, to write requestParameters/responseElements as AWS does. */
  model?: ServiceModel;
  inputShape?: string;
  outputShape?: string;
  /** The authorization targets of the request: resources named, and other accounts owning them. */
  targets?: readonly AuthzTarget[];
}

/** Today's AuditEntry carries only the caller's ARN: the rest is what can be inferred from it. */
export function fromAuditEntry(e: AuditEntry & Partial<CloudTrailEntry>): CloudTrailEntry {
  if (e.principal) return e as CloudTrailEntry;
  return {
    ...e,
    principal: { accountId: e.accountId, arn: e.principalArn, accessKeyId: '', anonymous: false },
  };
}
