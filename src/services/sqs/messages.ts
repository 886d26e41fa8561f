// DeleteMessage(Batch) and ChangeMessageVisibility(Batch): both address a message by receipt handle.
import type { HandlerTable } from '../types.js';
import type { BatchResultErrorEntry, Operations } from './api.js';
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';
import { SqsErrors } from './errors.js';
import { decodeReceipt } from './receipts.js';
import { checkBatch, failure } from './batch.js';

const MAX_VISIBILITY_S = 43_200;

function receiptFor(q: Queue, handle: string) {
  const r = handle ? decodeReceipt(handle) : undefined;
  if (!r || r.queueId !== q.id) throw SqsErrors.receiptHandleIsInvalid(handle);
  return r;
}

/** Deletes by receipt handle; true when a FIFO group may have been unblocked. */
function deleteOne(svc: SqsService, q: Queue, handle: string): void {
  const r = receiptFor(q, handle);
  const m = svc.store.receipt(r.messageRowId);
  // Already deleted (or expired): AWS reports success.
  if (!m || m.queue_id !== q.id) return;
  if (m.receipt_nonce !== r.nonce) {
    // A handle from an earlier receive: standard queues still delete; FIFO queues refuse stale handles so a
    // consumer that lost its lease cannot delete a message another consumer now holds.
    if (q.fifo) throw SqsErrors.receiptHandleIsInvalid(handle);
  }
  svc.store.deleteMessage(r.messageRowId);
}

function changeOne(svc: SqsService, q: Queue, handle: string, timeout: number | undefined, now: number): boolean {
  if (timeout === undefined || timeout === null) throw SqsErrors.missingParameter('VisibilityTimeout');
  const r = receiptFor(q, handle);
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_VISIBILITY_S) {
    throw SqsErrors.invalidParameter(
      'VisibilityTimeout',
      timeout,
      `VisibilityTimeout must be an integer between 0 and ${MAX_VISIBILITY_S}`,
    );
  }
  const m = svc.store.message(r.messageRowId);
  if (!m || m.queue_id !== q.id || m.receipt_nonce !== r.nonce) {
    throw SqsErrors.invalidParameter(
      'ReceiptHandle',
      handle,
      'Message does not exist or is not available for visibility timeout change.',
    );
  }
  if (m.visible_at <= now) throw SqsErrors.messageNotInflight();
  // The 12-hour ceiling counts from when the message was received, not from this call.
  if (now + timeout * 1000 - (m.received_at ?? now) > MAX_VISIBILITY_S * 1000) {
    throw SqsErrors.invalidParameter(
      'VisibilityTimeout',
      timeout,
      `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_S} seconds]`,
    );
  }
  svc.store.setVisibleAt(m.id, now + timeout * 1000);
  return timeout === 0;
}

export function messageHandlers(
  svc: SqsService,
): Pick<
  HandlerTable<Operations>,
  'DeleteMessage' | 'DeleteMessageBatch' | 'ChangeMessageVisibility' | 'ChangeMessageVisibilityBatch'
> {
  return {
    async DeleteMessage(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      await svc.commit(() => deleteOne(svc, q, input.ReceiptHandle));
      // Deleting a FIFO group's head lets the group's next message be received.
      if (q.fifo) svc.polls.notify(q.id);
      return;
    },

    async DeleteMessageBatch(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const entries = checkBatch(input.Entries, 'DeleteMessageBatchRequestEntry') as typeof input.Entries;
      const Successful: Array<{ Id: string }> = [];
      const Failed: BatchResultErrorEntry[] = [];
      await svc.commit(() => {
        for (const e of entries) {
          try {
            deleteOne(svc, q, e.ReceiptHandle);
            Successful.push({ Id: e.Id });
          } catch (err) {
            Failed.push(failure(e.Id, err));
          }
        }
      });
      if (q.fifo) svc.polls.notify(q.id);
      return { Successful, Failed };
    },

    ChangeMessageVisibility(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const wake = svc.tx(() => changeOne(svc, q, input.ReceiptHandle, input.VisibilityTimeout, svc.now()));
      if (wake) svc.polls.notify(q.id);
      return;
    },

    ChangeMessageVisibilityBatch(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const entries = checkBatch(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry') as typeof input.Entries;
      const Successful: Array<{ Id: string }> = [];
      const Failed: BatchResultErrorEntry[] = [];
      let wake = false;
      svc.tx(() => {
        const now = svc.now();
        for (const e of entries) {
          try {
            wake = changeOne(svc, q, e.ReceiptHandle, e.VisibilityTimeout, now) || wake;
            Successful.push({ Id: e.Id });
          } catch (err) {
            Failed.push(failure(e.Id, err));
          }
        }
      });
      if (wake) svc.polls.notify(q.id);
      return { Successful, Failed };
    },
  };
}
