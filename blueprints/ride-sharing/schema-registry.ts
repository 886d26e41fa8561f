// The event schemas in an EventBridge schema registry, and the consumer side of schema validation.
// Deploy registers schemas/*.json (draft-07 files, converted to JSON Schema draft-04, the registry's type) as
// `<source>@<DetailType>` schemas describing the whole event (envelope + detail) in the registry
// `ride-sharing-events`, and starts a discoverer on the bus. A consumer fetches a schema from the registry and
// validates the events it receives with ajv (draft-04); verify does exactly that with what the analytics account
// received, and checks the poisoned event is rejected.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import {
  CreateDiscovererCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteDiscovererCommand,
  DeleteRegistryCommand,
  DescribeSchemaCommand,
  ListSchemasCommand,
  SchemasClient,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, ignoring, poll } from './clients.js';
import { BUS, PREFIX } from './names.js';
import type { Check, Run } from './verify.js';

export const SCHEMA_REGISTRY = `${PREFIX}-events`;
const DISCOVERER_ID = `events-event-bus-${BUS}`;
const Ajv04 = Ajv04Module.default ?? Ajv04Module;
type Json = Record<string, unknown>;

/** draft-07 -> draft-04: `$id` is `id`, and numeric exclusive bounds are boolean flags on minimum/maximum. */
function toDraft4(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDraft4);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === '$schema' || k === '$id') continue;
    if (k === 'exclusiveMinimum' && typeof v === 'number') Object.assign(out, { minimum: v, exclusiveMinimum: true });
    else if (k === 'exclusiveMaximum' && typeof v === 'number') {
      Object.assign(out, { maximum: v, exclusiveMaximum: true });
    } else out[k] = toDraft4(v);
  }
  return out;
}

/** The registry document for one detail schema: an event whose `detail` is the detail schema. */
export function eventSchema(detailSchema: Json): { name: string; content: string } {
  const name = String(detailSchema.$id); // e.g. ride-sharing.ride@RideRequested
  const [source, detailType] = name.split('@') as [string, string];
  const { definitions, title, description, ...detail } = toDraft4(detailSchema) as Json;
  const doc = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: String(title),
    description,
    type: 'object',
    required: ['source', 'detail-type', 'detail'],
    properties: {
      source: { type: 'string', enum: [source] },
      'detail-type': { type: 'string', enum: [detailType] },
      detail: { $ref: `#/definitions/${detailType}` },
    },
    definitions: { ...(definitions as Json | undefined), [detailType]: detail },
  };
  return { name, content: JSON.stringify(doc, null, 2) };
}

function localSchemas(ctx: BlueprintContext): Array<{ name: string; content: string }> {
  return readdirSync(ctx.asset('schemas'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => eventSchema(JSON.parse(readFileSync(ctx.asset(`schemas/${f}`), 'utf8')) as Json));
}

/** Registry + schemas (a re-deploy adds a version only when a file changed) + a discoverer on the bus. */
export async function deploySchemaRegistry(ctx: BlueprintContext): Promise<void> {
  const sc = new SchemasClient(ctx.clientConfig);
  await ignoring(['ConflictException'], () =>
    sc.send(new CreateRegistryCommand({ RegistryName: SCHEMA_REGISTRY, Description: 'Ride-sharing event schemas' })),
  );
  for (const s of localSchemas(ctx)) {
    const base = { RegistryName: SCHEMA_REGISTRY, SchemaName: s.name, Content: s.content };
    const created = await ignoring(['ConflictException'], () =>
      sc.send(new CreateSchemaCommand({ ...base, Type: 'JSONSchemaDraft4' })),
    );
    if (!created) await sc.send(new UpdateSchemaCommand({ ...base, Type: 'JSONSchemaDraft4' }));
  }
  await ignoring(['ConflictException'], () =>
    sc.send(new CreateDiscovererCommand({ SourceArn: arns(ctx).bus, Description: 'Ride-sharing bus' })),
  );
  ctx.outputs.schemaRegistry = SCHEMA_REGISTRY;
  sc.destroy();
}

export async function destroySchemaRegistry(ctx: BlueprintContext): Promise<void> {
  const sc = new SchemasClient(ctx.clientConfig);
  await ignoring(['NotFoundException'], () => sc.send(new DeleteDiscovererCommand({ DiscovererId: DISCOVERER_ID })));
  await ignoring(['NotFoundException'], () => sc.send(new DeleteRegistryCommand({ RegistryName: SCHEMA_REGISTRY })));
  sc.destroy();
}

/** What a consumer does: fetch `<source>@<DetailType>` from the registry once, then validate each event. */
export class RegistryValidator {
  private readonly ajv = new Ajv04({ allErrors: true });
  private readonly compiled = new Map<string, ReturnType<InstanceType<typeof Ajv04>['compile']>>();

  constructor(private readonly sc: SchemasClient) {}

  /** undefined when the event conforms; otherwise ajv's errors. */
  async validate(event: Json): Promise<string | undefined> {
    const name = `${String(event.source)}@${String(event['detail-type'])}`;
    let fn = this.compiled.get(name);
    if (!fn) {
      const s = await this.sc.send(new DescribeSchemaCommand({ RegistryName: SCHEMA_REGISTRY, SchemaName: name }));
      fn = this.ajv.compile(JSON.parse(s.Content ?? '{}') as Json);
      this.compiled.set(name, fn);
    }
    if (fn(event)) return undefined;
    return (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
  }
}

export async function schemaRegistryChecks(ctx: BlueprintContext, run: Run, check: Check): Promise<void> {
  const sc = new SchemasClient(ctx.clientConfig);
  const expected = localSchemas(ctx).map((s) => s.name);
  const listed = await sc.send(new ListSchemasCommand({ RegistryName: SCHEMA_REGISTRY }));
  const names = (listed.Schemas ?? []).map((s) => s.SchemaName ?? '').sort();
  check(
    `schema registry: ${SCHEMA_REGISTRY} holds every event schema (<source>@<DetailType>, JSONSchemaDraft4)`,
    expected.every((n) => names.includes(n)),
    `${names.length} schemas: ${names.join(', ')}`,
  );

  // The consumer side: every event the analytics account received is validated against the registry schema.
  const validator = new RegistryValidator(sc);
  const received = run.analytics.seen.map((r) => r.json).filter((e) => e.id !== run.poisonEventId);
  const failures: string[] = [];
  for (const e of received) {
    const why = await validator.validate(e);
    if (why) failures.push(`${String(e['detail-type'])} ${String(e.id)}: ${why}`);
  }
  check(
    'schema validation (consumer, ajv): the events the analytics account received conform to the registry schemas',
    received.length > 0 && failures.length === 0,
    failures.length > 0 ? failures.slice(0, 3).join(' | ') : `${received.length} events valid`,
  );
  const poison = await run.analytics.until((seen) => seen.find((r) => r.json.id === run.poisonEventId), 30_000);
  const poisonWhy = poison ? await validator.validate(poison.json) : undefined;
  check(
    'schema validation (consumer, ajv): the off-schema RideRequested is rejected by its registry schema',
    !!poisonWhy,
    poison ? (poisonWhy ?? 'accepted (should have been rejected)') : 'poisoned event not received',
  );

  // The discoverer inferred schemas from the bus's traffic into discovered-schemas.
  const discovered = await poll(async () => {
    const res = await ignoring(['NotFoundException'], () =>
      sc.send(
        new DescribeSchemaCommand({
          RegistryName: 'discovered-schemas',
          SchemaName: 'ride-sharing.ride@RideRequested',
        }),
      ),
    );
    return res?.Content ? res : undefined;
  }, 30_000);
  check(
    'schema discovery: the bus discoverer inferred ride-sharing.ride@RideRequested (OpenApi3) from the traffic',
    discovered?.Type === 'OpenApi3',
    discovered ? `version ${String(discovered.SchemaVersion)}` : 'not discovered',
  );
  sc.destroy();
}
