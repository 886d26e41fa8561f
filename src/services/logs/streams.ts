// Log streams: CreateLogStream, DeleteLogStream, DescribeLogStreams.
import type { HandlerTable } from '../types.js';
import type { LogStream, Operations } from './api.js';
import { LogsErrors } from './errors.js';
import { decodeToken, encodeToken } from './paging.js';
import { digits56, streamArn, type LogsService } from './service.js';
import type { GroupRow, StreamRow } from './store.js';

type StreamOps = 'CreateLogStream' | 'DeleteLogStream' | 'DescribeLogStreams';

/** The stream's upload sequence token (deprecated: PutLogEvents ignores it, but clients still read it). */
export function sequenceToken(s: Pick<StreamRow, 'id' | 'seq'>): string {
  return digits56(s.seq, s.id);
}

function describeStream(g: GroupRow, s: StreamRow): LogStream {
  return {
    logStreamName: s.name,
    creationTime: s.created_at,
    ...(s.first_ts !== null ? { firstEventTimestamp: s.first_ts } : {}),
    ...(s.last_ts !== null ? { lastEventTimestamp: s.last_ts } : {}),
    ...(s.last_ingestion !== null ? { lastIngestionTime: s.last_ingestion } : {}),
    ...(s.seq > 0 ? { uploadSequenceToken: sequenceToken(s) } : {}),
    arn: streamArn(g, s.name),
    // Deprecated by AWS in 2019: always reported as zero for streams.
    storedBytes: 0,
  };
}

export function streamHandlers(svc: LogsService): Pick<HandlerTable<Operations>, StreamOps> {
  return {
    CreateLogStream(input, ctx) {
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        if (svc.store.stream(g.id, input.logStreamName)) throw LogsErrors.streamExists();
        svc.store.insertStream(g.id, input.logStreamName, svc.now());
      });
    },

    DeleteLogStream(input, ctx) {
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        svc.store.deleteStream(svc.stream(g, input.logStreamName));
      });
    },

    DescribeLogStreams(input, ctx) {
      const g = svc.groupOf(input, ctx);
      const byTime = input.orderBy === 'LastEventTime';
      if (byTime && input.logStreamNamePrefix !== undefined) {
        throw LogsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const limit = input.limit ?? 50;
      const desc = input.descending === true;
      let page: StreamRow[];
      let nextToken: string | undefined;
      if (byTime) {
        const cursor = decodeToken<{ offset: number }>(input.nextToken, { offset: 'number' });
        const offset = cursor?.offset ?? 0;
        const all = svc.store
          .streamsOfGroup(g.id)
          .sort((a, b) => (a.last_ts ?? 0) - (b.last_ts ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        if (desc) all.reverse();
        page = all.slice(offset, offset + limit);
        if (offset + limit < all.length) nextToken = encodeToken({ offset: offset + limit });
      } else {
        const cursor = decodeToken<{ after: string }>(input.nextToken, { after: 'string' });
        const rows = svc.store.streamsByName(g.id, input.logStreamNamePrefix ?? '', cursor?.after, desc, limit + 1);
        page = rows.slice(0, limit);
        if (rows.length > limit) nextToken = encodeToken({ after: page[page.length - 1]!.name });
      }
      return { logStreams: page.map((s) => describeStream(g, s)), ...(nextToken ? { nextToken } : {}) };
    },
  };
}
