// Log events: PutLogEvents (the hot path: group commit), GetLogEvents (f/ and b/ tokens) and FilterLogEvents.
import type { HandlerTable } from '../types.js';
import type { FilteredLogEvent, Operations } from './api.js';
import { LogsErrors } from './errors.js';
import { compileOrThrow } from './filters.js';
import { decodeToken, encodeToken } from './paging.js';
import type { Retention } from './retention.js';
import { digits56, type LogsService } from './service.js';
import { sequenceToken } from './streams.js';
import type { EventKey, EventRow } from './store.js';
import type { Subscriptions } from './subscriptions.js';

type EventOps = 'PutLogEvents' | 'GetLogEvents' | 'FilterLogEvents';

const HOUR_MS = 3_600_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD = 26;
const MAX_RESPONSE_BYTES = 1_048_576;
const MIN_TS = Number.MIN_SAFE_INTEGER;
const MAX_TS = Number.MAX_SAFE_INTEGER;
/** FilterLogEvents scans at most this many events per call, then answers with what it found and a nextToken. */
const MAX_SCAN = 100_000;

export const eventId = (row: Pick<EventRow, 'ts' | 'id'>): string => digits56(row.ts, row.id);

export function eventHandlers(
  svc: LogsService,
  retention: Retention,
  subscriptions: Subscriptions,
): Pick<HandlerTable<Operations>, EventOps> {
  return {
    async PutLogEvents(input, ctx) {
      const events = input.logEvents;
      let bytes = 0;
      for (let i = 0; i < events.length; i += 1) {
        if (i > 0 && events[i]!.timestamp < events[i - 1]!.timestamp) {
          throw LogsErrors.invalidParameter(
            'Log events in a single PutLogEvents request must be in chronological order.',
          );
        }
        bytes += Buffer.byteLength(events[i]!.message, 'utf8') + EVENT_OVERHEAD;
      }
      if (bytes > MAX_BATCH_BYTES) {
        throw LogsErrors.invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
      }
      if (events.length > 0 && events[events.length - 1]!.timestamp - events[0]!.timestamp > 24 * HOUR_MS) {
        throw LogsErrors.invalidParameter(
          'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
        );
      }
      return svc.commit(() => {
        const group = svc.group(input.logGroupName, ctx);
        const stream = svc.stream(group, input.logStreamName);
        const now = svc.now();
        // Events are in order, so the rejected ones are a prefix (too old, expired) and a suffix (too new).
        const tooOldBefore = now - 14 * 24 * HOUR_MS;
        const expiredBefore = svc.retentionCutoff(group);
        let start = 0;
        while (start < events.length && events[start]!.timestamp < tooOldBefore) start += 1;
        const tooOld = start;
        while (start < events.length && events[start]!.timestamp < expiredBefore) start += 1;
        const expired = start;
        let end = events.length;
        while (end > start && events[end - 1]!.timestamp > now + 2 * HOUR_MS) end -= 1;
        const accepted = events.slice(start, end);
        const { ids, seq } = svc.store.append(stream, accepted, now);
        if (accepted.length > 0) {
          retention.afterPut(group, accepted[0]!.timestamp);
          subscriptions.afterPut(group, stream.name, accepted, ids);
        }
        const rejected = {
          ...(tooOld > 0 ? { tooOldLogEventEndIndex: tooOld } : {}),
          ...(expired > tooOld ? { expiredLogEventEndIndex: expired } : {}),
          ...(end < events.length ? { tooNewLogEventStartIndex: end } : {}),
        };
        return {
          nextSequenceToken: sequenceToken({ id: stream.id, seq }),
          ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
        };
      });
    },

    GetLogEvents(input, ctx) {
      const group = svc.groupOf(input, ctx);
      const stream = svc.stream(group, input.logStreamName);
      const from = Math.max(input.startTime ?? MIN_TS, svc.retentionCutoff(group));
      const to = input.endTime ?? MAX_TS;
      const limit = input.limit ?? 10_000;
      let forward = input.startFromHead === true;
      let key: EventKey = forward ? { ts: MIN_TS, id: 0 } : { ts: MAX_TS, id: MAX_TS };
      if (input.nextToken !== undefined) {
        const parsed = parseStreamToken(input.nextToken);
        forward = parsed.forward;
        key = parsed.key;
      }
      const rows = capBytes(svc.store.streamEvents(stream.id, key, forward, from, to, limit));
      if (!forward) rows.reverse();
      const first = rows[0];
      const last = rows[rows.length - 1];
      // At the end of the stream the token passed in comes back unchanged, so a tailing client can poll it.
      const fallback = input.nextToken !== undefined ? key : { ts: 0, id: 0 };
      return {
        events: rows.map((r) => ({ timestamp: r.ts, message: r.message, ingestionTime: r.ingested_at })),
        nextForwardToken: streamToken('f', last ?? fallback),
        nextBackwardToken: streamToken('b', first ?? fallback),
      };
    },

    FilterLogEvents(input, ctx) {
      const group = svc.groupOf(input, ctx);
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
        throw LogsErrors.invalidParameter('Parameters logStreamNames and logStreamNamePrefix are mutually exclusive.');
      }
      const pattern = compileOrThrow(input.filterPattern);
      const names = svc.store.streamNames(group.id);
      const wanted = new Set<number>();
      for (const [id, name] of names) {
        if (input.logStreamNames !== undefined && !input.logStreamNames.includes(name)) continue;
        if (input.logStreamNamePrefix !== undefined && !name.startsWith(input.logStreamNamePrefix)) continue;
        wanted.add(id);
      }
      const cursor = decodeToken<{ ts: number; id: number }>(input.nextToken, { ts: 'number', id: 'number' });
      let after: EventKey = cursor ?? { ts: MIN_TS, id: 0 };
      const from = Math.max(input.startTime ?? MIN_TS, svc.retentionCutoff(group));
      const to = input.endTime === undefined ? MAX_TS : input.endTime + 1; // FilterLogEvents' endTime is inclusive
      const limit = input.limit ?? 10_000;
      const out: FilteredLogEvent[] = [];
      let scanned = 0;
      let bytes = 0;
      let more = false;
      scan: for (;;) {
        const chunk = svc.store.groupEvents(group.id, after, from, to, 1000);
        for (let i = 0; i < chunk.length; i += 1) {
          const row = chunk[i]!;
          after = { ts: row.ts, id: row.id };
          scanned += 1;
          if (wanted.has(row.stream_id) && pattern.match(row.message) !== undefined) {
            out.push({
              logStreamName: names.get(row.stream_id)!,
              timestamp: row.ts,
              message: row.message,
              ingestionTime: row.ingested_at,
              eventId: eventId(row),
            });
            bytes += Buffer.byteLength(row.message, 'utf8') + EVENT_OVERHEAD;
          }
          if (out.length >= limit || bytes >= MAX_RESPONSE_BYTES || scanned >= MAX_SCAN) {
            more = i < chunk.length - 1 || chunk.length === 1000;
            break scan;
          }
        }
        if (chunk.length < 1000) break;
      }
      return {
        events: out,
        searchedLogStreams: [],
        ...(more ? { nextToken: encodeToken({ ts: after.ts, id: after.id }) } : {}),
      };
    },
  };
}

function streamToken(dir: 'f' | 'b', key: EventKey): string {
  return `${dir}/${digits56(Math.max(0, key.ts), Math.max(0, key.id))}/s`;
}

function parseStreamToken(token: string): { forward: boolean; key: EventKey } {
  const m = /^([fb])\/(\d{20})(\d{36})\/s$/.exec(token);
  if (!m) throw LogsErrors.invalidNextToken();
  return { forward: m[1] === 'f', key: { ts: Number(m[2]), id: Number(m[3]) } };
}

/** GetLogEvents answers at most 1 MB of events. */
function capBytes(rows: EventRow[]): EventRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i += 1) {
    bytes += Buffer.byteLength(rows[i]!.message, 'utf8') + EVENT_OVERHEAD;
    if (bytes > MAX_RESPONSE_BYTES) return rows.slice(0, Math.max(1, i));
  }
  return rows;
}
