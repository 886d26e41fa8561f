// Shard iterators are self-describing (stream, shard, next sequence, issue time), so they survive restarts
// and need no storage; they expire 15 minutes after being issued, as AWS's do.
import { StreamErrors } from './errors.js';

export const ITERATOR_TTL_MS = 15 * 60_000;

export interface IteratorState {
  streamArn: string;
  shardId: string;
  next: number;
  issuedAt: number;
}

export function encodeIterator(s: IteratorState): string {
  const body = Buffer.from(JSON.stringify([s.shardId, s.next, s.issuedAt])).toString('base64url');
  return `${s.streamArn}|1|${body}`;
}

export function decodeIterator(text: string, now: number): IteratorState {
  const bar = text.indexOf('|1|');
  let parsed: unknown;
  try {
    parsed = bar > 0 ? JSON.parse(Buffer.from(text.slice(bar + 3), 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'number' ||
    typeof parsed[2] !== 'number'
  ) {
    throw StreamErrors.validation('Invalid ShardIterator');
  }
  const state: IteratorState = {
    streamArn: text.slice(0, bar),
    shardId: parsed[0],
    next: parsed[1],
    issuedAt: parsed[2],
  };
  if (now - state.issuedAt > ITERATOR_TTL_MS) throw StreamErrors.expiredIterator();
  return state;
}
