// LookupEvents: the caller's management-event history in the caller's region (global services' events in
// us-east-1), last 90 days, newest first, filtered by at most one lookup attribute, 50 per page.
import { createHash } from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Event, Operations } from './api.js';
import { CloudTrailErrors } from './errors.js';
import { HISTORY_DAYS, type CloudTrailState } from './state.js';

const DEFAULT_MAX = 50;

interface Cursor {
  t: number;
  i: number;
  h: string;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64');
}

function decode(token: string, hash: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<Cursor>;
    if (typeof c.t === 'number' && typeof c.i === 'number' && c.h === hash) return c as Cursor;
  } catch {
    // falls through to the error below
  }
  throw CloudTrailErrors.invalidNextToken();
}

export function lookupHandlers(state: CloudTrailState): Pick<HandlerTable<Operations>, 'LookupEvents'> {
  return {
    LookupEvents(input, ctx) {
      if (input.EventCategory === 'insight') throw CommonErrors.notImplemented('LookupEvents (Insights events)');
      const attrs = input.LookupAttributes ?? [];
      if (attrs.length > 1) {
        throw CloudTrailErrors.invalidLookupAttributes('You cannot specify more than one lookup attribute.');
      }
      const attr = attrs[0];
      if (attr?.AttributeKey === 'ReadOnly' && attr.AttributeValue !== 'true' && attr.AttributeValue !== 'false') {
        throw CloudTrailErrors.invalidLookupAttributes('ReadOnly attribute value must be true or false.');
      }
      const now = state.now();
      const from = input.StartTime?.getTime() ?? now - HISTORY_DAYS * 86_400_000;
      const to = input.EndTime?.getTime() ?? now;
      if (from > to) throw CloudTrailErrors.invalidTimeRange();
      // A token is only good for the same lookup attribute and explicit time range.
      const hash = createHash('sha256')
        .update(
          JSON.stringify([
            attr?.AttributeKey,
            attr?.AttributeValue,
            input.StartTime?.getTime(),
            input.EndTime?.getTime(),
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      const cursor = input.NextToken !== undefined ? decode(input.NextToken, hash) : undefined;
      const limit = input.MaxResults ?? DEFAULT_MAX;
      // Everything recorded so far is visible to the lookup.
      state.flush();
      const rows = state.store.lookup({
        accountId: ctx.accountId,
        region: ctx.region,
        from: Math.max(from, now - HISTORY_DAYS * 86_400_000),
        to,
        ...(attr ? { attribute: { key: attr.AttributeKey, value: attr.AttributeValue } } : {}),
        ...(cursor ? { before: { time: cursor.t, id: cursor.i } } : {}),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const events: Event[] = page.map((r) => {
        const e: Event = {
          EventId: r.event_id,
          EventName: r.event_name,
          ReadOnly: r.read_only ? 'true' : 'false',
        };
        if (r.access_key_id) e.AccessKeyId = r.access_key_id;
        e.EventTime = new Date(Math.floor(r.event_time / 1000) * 1000);
        e.EventSource = r.event_source;
        if (r.username) e.Username = r.username;
        e.Resources = state.store.resources(r.id).map((x) => ({ ResourceType: x.type, ResourceName: x.name }));
        e.CloudTrailEvent = r.record;
        return e;
      });
      const last = page[page.length - 1];
      return rows.length > limit && last
        ? { Events: events, NextToken: encode({ t: last.event_time, i: last.id, h: hash }) }
        : { Events: events };
    },
  };
}
