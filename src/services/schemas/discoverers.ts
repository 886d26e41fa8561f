// Discoverers: one per event bus, STARTED on creation. While started, the bus's events are inferred into the
// discovered-schemas registry (observe.ts). GetDiscoveredSchema infers from events given in the request.
import type { HandlerTable } from '../types.js';
import type { Operations } from '../../../generated/schemas/types.js';
import { discovererArn, parseBusArn, type Scope } from './arns.js';
import { SchemasErrors } from './errors.js';
import { inferEvents, toJsonSchemaDraft4, toOpenApi3 } from './infer.js';
import { invalidateDiscoverers } from './observe.js';
import { ensureDiscoveredRegistry } from './registries.js';
import { page, scopeOf, tagsOf, type SchemasService } from './service.js';
import type { DiscovererRow } from './store.js';

type DiscovererOps = Pick<
  Operations,
  | 'CreateDiscoverer'
  | 'DescribeDiscoverer'
  | 'UpdateDiscoverer'
  | 'DeleteDiscoverer'
  | 'ListDiscoverers'
  | 'StartDiscoverer'
  | 'StopDiscoverer'
  | 'GetDiscoveredSchema'
>;

function view(s: Scope, d: DiscovererRow) {
  return {
    Description: d.description ?? undefined,
    DiscovererArn: discovererArn(s, d.id),
    DiscovererId: d.id,
    SourceArn: d.source_arn,
    State: d.state as 'STARTED' | 'STOPPED',
    CrossAccount: d.cross_account === 1,
    Tags: tagsOf(d.tags),
  };
}

export function discovererHandlers(svc: SchemasService): HandlerTable<DiscovererOps> {
  const changed = () => invalidateDiscoverers(svc.core.store.db);
  const find = (s: Scope, id: string) => {
    const row = svc.store.discoverer(s, id);
    if (!row) throw SchemasErrors.discovererNotFound(id);
    return row;
  };
  const setState = (s: Scope, id: string, state: 'STARTED' | 'STOPPED') =>
    svc.tx(() => {
      const row = find(s, id);
      svc.store.updateDiscoverer({ ...row, state });
      changed();
      return { DiscovererId: id, State: state };
    });

  return {
    async CreateDiscoverer(input, ctx) {
      const s = scopeOf(ctx);
      const bus = parseBusArn(input.SourceArn);
      if (!bus) throw SchemasErrors.badRequest(`Invalid SourceArn: ${input.SourceArn}. It must be an event bus ARN.`);
      if (bus.accountId !== s.accountId || bus.region !== s.region) {
        throw SchemasErrors.badRequest(
          `The event bus ${input.SourceArn} must be in the discoverer's account and Region.`,
        );
      }
      // The bus must exist: asked of EventBridge as the caller's account.
      try {
        await svc.core.call('events', 'DescribeEventBus', { Name: bus.name }, s);
      } catch {
        throw SchemasErrors.badRequest(`Event bus ${input.SourceArn} does not exist.`);
      }
      return svc.tx(() => {
        const id = `events-event-bus-${bus.name}`;
        if (svc.store.discoverer(s, id)) {
          throw SchemasErrors.conflict(`A discoverer already exists for the event bus ${input.SourceArn}.`);
        }
        const row: DiscovererRow = {
          account_id: s.accountId,
          region: s.region,
          id,
          source_arn: input.SourceArn,
          description: input.Description ?? null,
          state: 'STARTED',
          cross_account: input.CrossAccount === false ? 0 : 1,
          tags: JSON.stringify(input.Tags ?? {}),
          created_at: svc.now(),
        };
        svc.store.insertDiscoverer(row);
        ensureDiscoveredRegistry(svc, s);
        changed();
        return view(s, row);
      });
    },
    DescribeDiscoverer(input, ctx) {
      const s = scopeOf(ctx);
      return view(s, find(s, input.DiscovererId));
    },
    UpdateDiscoverer(input, ctx) {
      const s = scopeOf(ctx);
      return svc.tx(() => {
        const row = find(s, input.DiscovererId);
        const next: DiscovererRow = {
          ...row,
          description: input.Description ?? row.description,
          cross_account: input.CrossAccount === undefined ? row.cross_account : input.CrossAccount ? 1 : 0,
        };
        svc.store.updateDiscoverer(next);
        changed();
        return view(s, next);
      });
    },
    DeleteDiscoverer(input, ctx) {
      const s = scopeOf(ctx);
      svc.tx(() => {
        find(s, input.DiscovererId);
        svc.store.deleteDiscoverer(s, input.DiscovererId);
        changed();
      });
    },
    ListDiscoverers(input, ctx) {
      const s = scopeOf(ctx);
      const all = svc.store
        .discoverers(s)
        .filter((d) => !input.DiscovererIdPrefix || d.id.startsWith(input.DiscovererIdPrefix))
        .filter((d) => !input.SourceArnPrefix || d.source_arn.startsWith(input.SourceArnPrefix));
      const { items, next } = page(all, input.Limit, input.NextToken);
      return { Discoverers: items.map((d) => view(s, d)), NextToken: next };
    },
    StartDiscoverer(input, ctx) {
      return setState(scopeOf(ctx), input.DiscovererId, 'STARTED');
    },
    StopDiscoverer(input, ctx) {
      return setState(scopeOf(ctx), input.DiscovererId, 'STOPPED');
    },
    GetDiscoveredSchema(input) {
      const parsed: unknown[] = [];
      for (const e of input.Events) {
        try {
          parsed.push(JSON.parse(e));
        } catch {
          throw SchemasErrors.badRequest('Invalid Events. Each event must be valid JSON.');
        }
      }
      const inferred = inferEvents(parsed);
      if (typeof inferred === 'string') throw SchemasErrors.badRequest(`Invalid Events. ${inferred}`);
      return { Content: input.Type === 'JSONSchemaDraft4' ? toJsonSchemaDraft4(inferred) : toOpenApi3(inferred) };
    },
  };
}
