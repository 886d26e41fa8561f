// EventBridge Schemas discoverers: their API and errors, schemas inferred from the events PutEvents accepts on a
// watched bus (versioned only when the inferred schema changes), GetDiscoveredSchema, and validating events
// against a registry schema with ajv (draft-04), the way a consumer would. A restart keeps discovery going.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv04Module from 'ajv-draft-04';
import {
  CreateEventBusCommand,
  PutEventsCommand,
  PutPermissionCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import {
  CreateDiscovererCommand,
  DeleteDiscovererCommand,
  DescribeDiscovererCommand,
  DescribeSchemaCommand,
  ExportSchemaCommand,
  GetDiscoveredSchemaCommand,
  ListDiscoverersCommand,
  ListSchemaVersionsCommand,
  SchemasClient,
  StartDiscovererCommand,
  StopDiscovererCommand,
  UpdateDiscovererCommand,
} from '@aws-sdk/client-schemas';
import { startAtoll } from '../../src/index.js';
import { useAtoll, TEST_CREDENTIALS } from '../helpers/atoll.js';
import { eventsClient } from '../helpers/events.js';
import { expectAwsError, waitFor } from '../helpers/util.js';

const Ajv04 = Ajv04Module.default ?? Ajv04Module;
const t = useAtoll();
let sc: SchemasClient;
let eb: EventBridgeClient;
const ACCT = '000000000000';
const busArn = (name: string) => `arn:aws:events:us-east-1:${ACCT}:event-bus/${name}`;
const schemasClient = (endpoint: string) =>
  new SchemasClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

const order = (detail: Record<string, unknown>) => ({
  EventBusName: 'orders-bus',
  Source: 'shop.orders',
  DetailType: 'Order Created',
  Detail: JSON.stringify(detail),
});

async function put(entries: Array<Record<string, unknown>>, client = eb): Promise<void> {
  const res = await client.send(new PutEventsCommand({ Entries: entries }));
  expect(res.FailedEntryCount).toBe(0);
}

async function versions(name: string, client = sc): Promise<string[]> {
  try {
    const res = await client.send(
      new ListSchemaVersionsCommand({ RegistryName: 'discovered-schemas', SchemaName: name }),
    );
    return (res.SchemaVersions ?? []).map((v) => v.SchemaVersion!);
  } catch {
    return [];
  }
}

beforeAll(async () => {
  sc = schemasClient(t.endpoint);
  eb = eventsClient(t.endpoint);
  await eb.send(new CreateEventBusCommand({ Name: 'orders-bus' }));
  await eb.send(new CreateEventBusCommand({ Name: 'quiet-bus' }));
});
afterAll(() => {
  sc.destroy();
  eb.destroy();
});

describe('discoverers', () => {
  it('creates, describes, lists, updates, stops, starts and deletes a discoverer', async () => {
    const created = await sc.send(
      new CreateDiscovererCommand({ SourceArn: busArn('quiet-bus'), Description: 'd1', Tags: { a: '1' } }),
    );
    expect(created.DiscovererId).toBe('events-event-bus-quiet-bus');
    expect(created.DiscovererArn).toBe(`arn:aws:schemas:us-east-1:${ACCT}:discoverer/events-event-bus-quiet-bus`);
    expect(created.State).toBe('STARTED');
    expect(created.CrossAccount).toBe(true);
    expect(created.Tags).toEqual({ a: '1' });
    const id = created.DiscovererId!;
    const described = await sc.send(new DescribeDiscovererCommand({ DiscovererId: id }));
    expect(described.SourceArn).toBe(busArn('quiet-bus'));
    expect(described.Description).toBe('d1');
    const updated = await sc.send(
      new UpdateDiscovererCommand({ DiscovererId: id, Description: 'd2', CrossAccount: false }),
    );
    expect(updated.Description).toBe('d2');
    expect(updated.CrossAccount).toBe(false);
    expect((await sc.send(new StopDiscovererCommand({ DiscovererId: id }))).State).toBe('STOPPED');
    expect((await sc.send(new DescribeDiscovererCommand({ DiscovererId: id }))).State).toBe('STOPPED');
    expect((await sc.send(new StartDiscovererCommand({ DiscovererId: id }))).State).toBe('STARTED');
    const listed = await sc.send(new ListDiscoverersCommand({ SourceArnPrefix: busArn('quiet') }));
    expect((listed.Discoverers ?? []).map((d) => d.DiscovererId)).toEqual([id]);
    const byId = await sc.send(new ListDiscoverersCommand({ DiscovererIdPrefix: 'nothing-' }));
    expect(byId.Discoverers).toEqual([]);
    await sc.send(new DeleteDiscovererCommand({ DiscovererId: id }));
    await expectAwsError(sc.send(new DescribeDiscovererCommand({ DiscovererId: id })), {
      name: 'NotFoundException',
      status: 404,
      message: `Discoverer with id ${id} does not exist.`,
    });
  });

  it('watches the implicit default bus', async () => {
    const d = await sc.send(new CreateDiscovererCommand({ SourceArn: busArn('default') }));
    expect(d.DiscovererId).toBe('events-event-bus-default');
    await sc.send(new DeleteDiscovererCommand({ DiscovererId: d.DiscovererId }));
  });

  it('answers AWS errors for bad sources, duplicates and unknown ids', async () => {
    await expectAwsError(sc.send(new CreateDiscovererCommand({ SourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' })), {
      name: 'BadRequestException',
      status: 400,
    });
    await expectAwsError(sc.send(new CreateDiscovererCommand({ SourceArn: busArn('no-such-bus') })), {
      name: 'BadRequestException',
      status: 400,
      message: /does not exist/,
    });
    await sc.send(new CreateDiscovererCommand({ SourceArn: busArn('quiet-bus') }));
    await expectAwsError(sc.send(new CreateDiscovererCommand({ SourceArn: busArn('quiet-bus') })), {
      name: 'ConflictException',
      status: 409,
    });
    for (const cmd of [
      new StartDiscovererCommand({ DiscovererId: 'ghost' }),
      new StopDiscovererCommand({ DiscovererId: 'ghost' }),
      new DeleteDiscovererCommand({ DiscovererId: 'ghost' }),
    ]) {
      await expectAwsError(sc.send(cmd as StartDiscovererCommand), { name: 'NotFoundException', status: 404 });
    }
    await expectAwsError(sc.send(new UpdateDiscovererCommand({ DiscovererId: 'ghost', Description: 'x' })), {
      name: 'NotFoundException',
      status: 404,
    });
  });
});

describe('discovery from PutEvents', () => {
  const NAME = 'shop.orders@OrderCreated';

  it('infers an OpenApi3 schema named <source>@<DetailType> and versions it only on change', async () => {
    const d = await sc.send(new CreateDiscovererCommand({ SourceArn: busArn('orders-bus') }));
    await put([order({ orderId: 'o-1', total: { amount: 5, currency: 'EUR' }, items: [{ sku: 'a' }] })]);
    await waitFor(async () => (await versions(NAME)).length === 1, 30_000);
    const v1 = await sc.send(new DescribeSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: NAME }));
    expect(v1.Type).toBe('OpenApi3');
    expect(v1.SchemaVersion).toBe('1');
    const doc = JSON.parse(v1.Content!);
    expect(doc.openapi).toBe('3.0.0');
    expect(doc.components.schemas.AWSEvent['x-amazon-events-source']).toBe('shop.orders');
    expect(doc.components.schemas.AWSEvent['x-amazon-events-detail-type']).toBe('Order Created');
    expect(doc.components.schemas.AWSEvent.properties.detail).toEqual({ $ref: '#/components/schemas/OrderCreated' });
    expect(doc.components.schemas.OrderCreated.required).toEqual(['items', 'orderId', 'total']);
    expect(doc.components.schemas.Total.properties.amount).toEqual({ type: 'number' });

    // Same shape, other values: no new version.
    await put([order({ orderId: 'o-2', total: { amount: 7, currency: 'USD' }, items: [] })]);
    // A new field: version 2 keeps the old fields and adds the new one.
    await put([order({ orderId: 'o-3', total: { amount: 1, currency: 'USD' }, items: [], coupon: 'X1' })]);
    await waitFor(async () => (await versions(NAME)).length === 2, 30_000);
    expect(await versions(NAME)).toEqual(['1', '2']);
    const v2 = JSON.parse(
      (await sc.send(new DescribeSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: NAME }))).Content!,
    );
    expect(Object.keys(v2.components.schemas.OrderCreated.properties).sort()).toEqual([
      'coupon',
      'items',
      'orderId',
      'total',
    ]);
    // coupon was missing from earlier events, so it is not required.
    expect(v2.components.schemas.OrderCreated.required).toEqual(['items', 'orderId', 'total']);

    // Stopped: nothing more is discovered.
    await sc.send(new StopDiscovererCommand({ DiscovererId: d.DiscovererId }));
    await put([order({ orderId: 'o-4', total: { amount: 1, currency: 'USD' }, items: [], extra: true })]);
    await put([{ ...order({ a: 1 }), DetailType: 'Order Shipped' }]);
    expect(await versions(NAME)).toEqual(['1', '2']);
    expect(await versions('shop.orders@OrderShipped')).toEqual([]);
    await sc.send(new StartDiscovererCommand({ DiscovererId: d.DiscovererId }));
    await put([{ ...order({ a: 1 }), DetailType: 'Order Shipped' }]);
    await waitFor(async () => (await versions('shop.orders@OrderShipped')).length === 1, 30_000);
  });

  it('does not discover events on buses without a discoverer', async () => {
    await put([{ EventBusName: 'default', Source: 'other.app', DetailType: 'Thing', Detail: '{"x":1}' }]);
    expect(await versions('other.app@Thing')).toEqual([]);
  });

  it('validates events against the exported registry schema with ajv, rejecting malformed ones', async () => {
    const exported = await sc.send(
      new ExportSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: NAME, Type: 'JSONSchemaDraft4' }),
    );
    const validate = new Ajv04({ strict: false }).compile(JSON.parse(exported.Content!));
    const good = {
      version: '0',
      id: 'e-1',
      'detail-type': 'Order Created',
      source: 'shop.orders',
      account: ACCT,
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { orderId: 'o-9', total: { amount: 3, currency: 'EUR' }, items: [{ sku: 'b' }] },
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, detail: { orderId: 42, total: { amount: 'x' }, items: [] } })).toBe(false);
    expect(validate({ ...good, detail: { total: { amount: 1 }, items: [] } })).toBe(false);
  });
});

describe('cross-account events', () => {
  it('discovers events another account puts on the bus only while CrossAccount is true', async () => {
    const other = '333333333333';
    await eb.send(new CreateEventBusCommand({ Name: 'shared-bus' }));
    await eb.send(
      new PutPermissionCommand({
        EventBusName: 'shared-bus',
        Action: 'events:PutEvents',
        Principal: other,
        StatementId: 'partner',
      }),
    );
    const d = await sc.send(new CreateDiscovererCommand({ SourceArn: busArn('shared-bus'), CrossAccount: false }));
    expect(d.CrossAccount).toBe(false);
    const eb2 = eventsClient(t.endpoint, { accessKeyId: other });
    const fromPartner = {
      EventBusName: busArn('shared-bus'),
      Source: 'partner',
      DetailType: 'From Partner',
      Detail: '{"p":1}',
    };
    try {
      await put([fromPartner], eb2);
      await put([{ EventBusName: 'shared-bus', Source: 'partner', DetailType: 'From Owner', Detail: '{"p":1}' }]);
      await waitFor(async () => (await versions('partner@FromOwner')).length === 1, 30_000);
      expect(await versions('partner@FromPartner')).toEqual([]);
      await sc.send(new UpdateDiscovererCommand({ DiscovererId: d.DiscovererId, CrossAccount: true }));
      await put([fromPartner], eb2);
      // Discovered into the bus owner's (the discoverer's) registry.
      await waitFor(async () => (await versions('partner@FromPartner')).length === 1, 30_000);
    } finally {
      eb2.destroy();
    }
  });
});

describe('GetDiscoveredSchema', () => {
  const event = (detail: Record<string, unknown>, detailType = 'User Signed Up') =>
    JSON.stringify({ source: 'users', 'detail-type': detailType, detail });

  it('infers OpenApi3 and JSONSchemaDraft4 from the given events', async () => {
    const open = await sc.send(
      new GetDiscoveredSchemaCommand({
        Type: 'OpenApi3',
        Events: [event({ id: 'u1', at: '2026-01-01T10:00:00Z' }), event({ id: 'u2', plan: 'pro' })],
      }),
    );
    const doc = JSON.parse(open.Content!);
    expect(doc.info.title).toBe('UserSignedUp');
    expect(doc.components.schemas.UserSignedUp.required).toEqual(['id']);
    expect(doc.components.schemas.UserSignedUp.properties.at).toEqual({ type: 'string', format: 'date-time' });
    const draft = await sc.send(
      new GetDiscoveredSchemaCommand({ Type: 'JSONSchemaDraft4', Events: [event({ id: 'u1' })] }),
    );
    const schema = JSON.parse(draft.Content!);
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    const validate = new Ajv04({ strict: false }).compile(schema);
    const full = {
      version: '0',
      id: '1',
      source: 'users',
      'detail-type': 'User Signed Up',
      account: ACCT,
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { id: 'u3' },
    };
    expect(validate(full)).toBe(true);
    expect(validate({ ...full, detail: {} })).toBe(false);
  });

  it('answers BadRequestException for events that are not JSON or do not agree', async () => {
    await expectAwsError(sc.send(new GetDiscoveredSchemaCommand({ Type: 'OpenApi3', Events: ['{nope'] })), {
      name: 'BadRequestException',
      status: 400,
    });
    await expectAwsError(
      sc.send(new GetDiscoveredSchemaCommand({ Type: 'OpenApi3', Events: [event({}), event({}, 'Other')] })),
      { name: 'BadRequestException', status: 400, message: /same source and detail-type/ },
    );
    await expectAwsError(sc.send(new GetDiscoveredSchemaCommand({ Type: 'OpenApi3', Events: ['{"a":1}'] })), {
      name: 'BadRequestException',
      status: 400,
    });
  });
});

describe('discovery across a restart', () => {
  it('keeps discovering after atoll restarts on the same state directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoll-schemas-'));
    try {
      let a = await startAtoll({ port: 0, stateDir: dir });
      let s = schemasClient(a.endpoint);
      let e = eventsClient(a.endpoint);
      await e.send(new CreateEventBusCommand({ Name: 'durable' }));
      await s.send(new CreateDiscovererCommand({ SourceArn: busArn('durable') }));
      s.destroy();
      e.destroy();
      await a.stop();

      a = await startAtoll({ port: 0, stateDir: dir });
      s = schemasClient(a.endpoint);
      e = eventsClient(a.endpoint);
      // EventBridge is the first service used after the restart; Schemas' code is not loaded yet.
      await put([{ EventBusName: 'durable', Source: 'svc', DetailType: 'Ping', Detail: '{"n":1}' }], e);
      await waitFor(async () => (await versions('svc@Ping', s)).length === 1, 30_000);
      s.destroy();
      e.destroy();
      await a.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
