// FIFO specifics that are pure: sequence numbers. (Group ordering lives in receive.ts, dedup in send.ts.)

/** A 20-digit, strictly increasing sequence number derived from the message's row id. */
export function sequenceNumber(rowId: number): string {
  return (10_000_000_000_000_000_000n + BigInt(rowId)).toString();
}
