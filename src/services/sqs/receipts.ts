// Receipt handles: opaque to clients, unique per receive. They carry the queue id, the message row id and the
// nonce written at that receive, so a handle from an earlier receive is recognisably stale.
import { randomInt } from 'node:crypto';

export interface Receipt {
  queueId: number;
  messageRowId: number;
  nonce: number;
}

const VERSION = 1;

export function newNonce(): number {
  return randomInt(1, 0x7fffffff);
}

export function encodeReceipt(r: Receipt): string {
  const b = Buffer.alloc(17);
  b.writeUInt8(VERSION, 0);
  b.writeUInt32BE(r.queueId, 1);
  b.writeDoubleBE(r.messageRowId, 5);
  b.writeUInt32BE(r.nonce, 13);
  return b.toString('base64');
}

export function decodeReceipt(handle: string): Receipt | undefined {
  if (handle.length !== 24 || !/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const b = Buffer.from(handle, 'base64');
  if (b.length !== 17 || b.readUInt8(0) !== VERSION) return undefined;
  const messageRowId = b.readDoubleBE(5);
  if (!Number.isSafeInteger(messageRowId) || messageRowId <= 0) return undefined;
  return { queueId: b.readUInt32BE(1), messageRowId, nonce: b.readUInt32BE(13) };
}
