// Rules shared by the three batch operations: 1-10 entries, ids of [A-Za-z0-9_-]{1,80}, all distinct; and the
// per-entry failure shape (AwsError -> BatchResultErrorEntry).
import { AwsError } from '../../protocol/errors.js';
import type { BatchResultErrorEntry } from './api.js';
import { SqsErrors } from './errors.js';

export function checkBatch(entries: Array<{ Id: string }> | undefined, entryShape: string): Array<{ Id: string }> {
  const list = entries ?? [];
  if (list.length === 0) throw SqsErrors.emptyBatchRequest(entryShape);
  if (list.length > 10) throw SqsErrors.tooManyEntriesInBatchRequest(list.length);
  const seen = new Set<string>();
  for (const e of list) {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(e.Id ?? '')) throw SqsErrors.invalidBatchEntryId();
    if (seen.has(e.Id)) throw SqsErrors.batchEntryIdsNotDistinct(e.Id);
    seen.add(e.Id);
  }
  return list;
}

export function failure(id: string, err: unknown): BatchResultErrorEntry {
  if (err instanceof AwsError) {
    return { Id: id, SenderFault: err.fault === 'client', Code: err.queryCode ?? err.code, Message: err.message };
  }
  return {
    Id: id,
    SenderFault: false,
    Code: 'InternalError',
    Message: 'We encountered an internal error. Please try again.',
  };
}
