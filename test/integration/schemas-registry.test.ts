// EventBridge Schemas registries, schemas and versions, search and export through the SDK, with AWS's error codes
// and statuses (policies, tags and malformed requests: schemas-policy.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteRegistryCommand,
  DeleteSchemaCommand,
  DeleteSchemaVersionCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  ExportSchemaCommand,
  ListRegistriesCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  SchemasClient,
  SearchSchemasCommand,
  UpdateRegistryCommand,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import { useAtoll, TEST_CREDENTIALS } from '../helpers/atoll.js';
import { expectAwsError } from '../helpers/util.js';

const t = useAtoll();
let sc: SchemasClient;
const ACCT = '000000000000';

const openApi = (props: Record<string, unknown>) =>
  JSON.stringify({
    openapi: '3.0.0',
    info: { version: '1.0.0', title: 'OrderCreated' },
    paths: {},
    components: {
      schemas: {
        OrderCreated: { type: 'object', required: ['orderId'], properties: props },
        Money: { type: 'object', properties: { amount: { type: 'number', minimum: 0 } } },
      },
    },
  });

const draft4 = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, n: { type: 'integer', minimum: 0, exclusiveMinimum: true } },
});

beforeAll(() => {
  sc = new SchemasClient({ endpoint: t.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(() => sc.destroy());

describe('registries', () => {
  it('creates, describes, updates, lists and deletes a registry', async () => {
    const created = await sc.send(
      new CreateRegistryCommand({ RegistryName: 'orders', Description: 'order events', Tags: { team: 'a' } }),
    );
    expect(created.RegistryArn).toBe(`arn:aws:schemas:us-east-1:${ACCT}:registry/orders`);
    expect(created.RegistryName).toBe('orders');
    expect(created.Description).toBe('order events');
    expect(created.Tags).toEqual({ team: 'a' });
    const described = await sc.send(new DescribeRegistryCommand({ RegistryName: 'orders' }));
    expect(described.Description).toBe('order events');
    const updated = await sc.send(new UpdateRegistryCommand({ RegistryName: 'orders', Description: 'v2' }));
    expect(updated.Description).toBe('v2');
    const listed = await sc.send(new ListRegistriesCommand({}));
    const names = (listed.Registries ?? []).map((r) => r.RegistryName);
    expect(names).toContain('orders');
    expect(names).toContain('aws.events');
    await sc.send(new CreateRegistryCommand({ RegistryName: 'scratch' }));
    await sc.send(new DeleteRegistryCommand({ RegistryName: 'scratch' }));
    await expectAwsError(sc.send(new DescribeRegistryCommand({ RegistryName: 'scratch' })), {
      name: 'NotFoundException',
      status: 404,
      message: 'Registry with name scratch does not exist.',
    });
  });

  it('filters registries by scope and prefix, and pages', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await sc.send(new CreateRegistryCommand({ RegistryName: n }));
    const aws = await sc.send(new ListRegistriesCommand({ Scope: 'AWS' }));
    expect((aws.Registries ?? []).map((r) => r.RegistryName)).toEqual(['aws.events']);
    const local = await sc.send(new ListRegistriesCommand({ Scope: 'LOCAL' }));
    expect((local.Registries ?? []).map((r) => r.RegistryName)).not.toContain('aws.events');
    const first = await sc.send(new ListRegistriesCommand({ RegistryNamePrefix: 'page-', Limit: 2 }));
    expect((first.Registries ?? []).map((r) => r.RegistryName)).toEqual(['page-a', 'page-b']);
    expect(first.NextToken).toBeTruthy();
    const second = await sc.send(
      new ListRegistriesCommand({ RegistryNamePrefix: 'page-', Limit: 2, NextToken: first.NextToken }),
    );
    expect((second.Registries ?? []).map((r) => r.RegistryName)).toEqual(['page-c']);
    expect(second.NextToken).toBeUndefined();
    await expectAwsError(sc.send(new ListRegistriesCommand({ NextToken: 'garbage' })), {
      name: 'BadRequestException',
      status: 400,
    });
  });

  it('answers AWS errors for duplicate, missing and AWS-owned registries', async () => {
    await sc.send(new CreateRegistryCommand({ RegistryName: 'dup' }));
    await expectAwsError(sc.send(new CreateRegistryCommand({ RegistryName: 'dup' })), {
      name: 'ConflictException',
      status: 409,
      message: 'Registry with name dup already exists.',
    });
    await expectAwsError(sc.send(new UpdateRegistryCommand({ RegistryName: 'nope', Description: 'x' })), {
      name: 'NotFoundException',
      status: 404,
    });
    await expectAwsError(sc.send(new DeleteRegistryCommand({ RegistryName: 'nope' })), {
      name: 'NotFoundException',
      status: 404,
    });
    await expectAwsError(sc.send(new DeleteRegistryCommand({ RegistryName: 'aws.events' })), {
      name: 'ForbiddenException',
      status: 403,
    });
    const awsEvents = await sc.send(new DescribeRegistryCommand({ RegistryName: 'aws.events' }));
    expect(awsEvents.RegistryArn).toBe('arn:aws:schemas:us-east-1::registry/aws.events');
  });
});

describe('schemas and versions', () => {
  beforeAll(async () => {
    await sc.send(new CreateRegistryCommand({ RegistryName: 'shop' }));
  });

  it('creates an OpenApi3 schema and versions it on content changes', async () => {
    const created = await sc.send(
      new CreateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop.orders@OrderCreated',
        Type: 'OpenApi3',
        Content: openApi({ orderId: { type: 'string' } }),
        Description: 'first',
        Tags: { k: 'v' },
      }),
    );
    expect(created.SchemaArn).toBe(`arn:aws:schemas:us-east-1:${ACCT}:schema/shop/shop.orders@OrderCreated`);
    expect(created.SchemaVersion).toBe('1');
    expect(created.Type).toBe('OpenApi3');
    expect(created.Tags).toEqual({ k: 'v' });
    expect(created.VersionCreatedDate).toBeInstanceOf(Date);
    expect(created.LastModified).toBeInstanceOf(Date);

    const same = await sc.send(
      new UpdateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop.orders@OrderCreated',
        Content: openApi({ orderId: { type: 'string' } }),
      }),
    );
    expect(same.SchemaVersion).toBe('1');
    const v2 = await sc.send(
      new UpdateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop.orders@OrderCreated',
        Content: openApi({ orderId: { type: 'string' }, total: { $ref: '#/components/schemas/Money' } }),
        Description: 'second',
      }),
    );
    expect(v2.SchemaVersion).toBe('2');
    expect(v2.Description).toBe('second');

    const latest = await sc.send(
      new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'shop.orders@OrderCreated' }),
    );
    expect(latest.SchemaVersion).toBe('2');
    expect(JSON.parse(latest.Content!).components.schemas.OrderCreated.properties.total).toBeDefined();
    const first = await sc.send(
      new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'shop.orders@OrderCreated', SchemaVersion: '1' }),
    );
    expect(JSON.parse(first.Content!).components.schemas.OrderCreated.properties.total).toBeUndefined();

    const versions = await sc.send(
      new ListSchemaVersionsCommand({ RegistryName: 'shop', SchemaName: 'shop.orders@OrderCreated' }),
    );
    expect((versions.SchemaVersions ?? []).map((v) => [v.SchemaVersion, v.Type])).toEqual([
      ['1', 'OpenApi3'],
      ['2', 'OpenApi3'],
    ]);
    const listed = await sc.send(new ListSchemasCommand({ RegistryName: 'shop' }));
    const entry = (listed.Schemas ?? []).find((s) => s.SchemaName === 'shop.orders@OrderCreated');
    expect(entry?.VersionCount).toBe(2);
    expect(entry?.Tags).toEqual({ k: 'v' });
  });

  it('exports an OpenApi3 schema as JSONSchemaDraft4', async () => {
    const out = await sc.send(
      new ExportSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'shop.orders@OrderCreated',
        Type: 'JSONSchemaDraft4',
      }),
    );
    expect(out.Type).toBe('JSONSchemaDraft4');
    expect(out.SchemaVersion).toBe('2');
    const doc = JSON.parse(out.Content!);
    expect(doc.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(doc.title).toBe('OrderCreated');
    expect(doc.properties.total).toEqual({ $ref: '#/definitions/Money' });
    expect(doc.definitions.Money.properties.amount).toEqual({ type: 'number', minimum: 0 });
    await expectAwsError(
      sc.send(
        new ExportSchemaCommand({ RegistryName: 'shop', SchemaName: 'shop.orders@OrderCreated', Type: 'OpenApi3' }),
      ),
      { name: 'BadRequestException', status: 400 },
    );
  });

  it('stores JSONSchemaDraft4 schemas and rejects invalid content', async () => {
    const created = await sc.send(
      new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Draft', Type: 'JSONSchemaDraft4', Content: draft4 }),
    );
    expect(created.Type).toBe('JSONSchemaDraft4');
    const exported = await sc.send(
      new ExportSchemaCommand({ RegistryName: 'shop', SchemaName: 'Draft', Type: 'JSONSchemaDraft4' }),
    );
    expect(JSON.parse(exported.Content!)).toEqual(JSON.parse(draft4));
    await expectAwsError(
      sc.send(new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Bad', Type: 'OpenApi3', Content: '{nope' })),
      { name: 'BadRequestException', status: 400, message: /valid JSON/ },
    );
    await expectAwsError(
      sc.send(new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Bad', Type: 'OpenApi3', Content: '{}' })),
      { name: 'BadRequestException', status: 400, message: /OpenApi3/ },
    );
    await expectAwsError(
      sc.send(
        new CreateSchemaCommand({
          RegistryName: 'shop',
          SchemaName: 'Bad',
          Type: 'JSONSchemaDraft4',
          Content: JSON.stringify({ type: 'object', required: 'id' }),
        }),
      ),
      { name: 'BadRequestException', status: 400, message: /JSONSchemaDraft4/ },
    );
    await expectAwsError(sc.send(new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'Bad' })), {
      name: 'NotFoundException',
      status: 404,
      message: 'Schema with name Bad does not exist.',
    });
  });

  it('answers errors for duplicates, missing registries, schemas and versions', async () => {
    await expectAwsError(
      sc.send(
        new CreateSchemaCommand({
          RegistryName: 'shop',
          SchemaName: 'Draft',
          Type: 'JSONSchemaDraft4',
          Content: draft4,
        }),
      ),
      { name: 'ConflictException', status: 409, message: 'Schema with name Draft already exists.' },
    );
    await expectAwsError(
      sc.send(
        new CreateSchemaCommand({ RegistryName: 'ghost', SchemaName: 'X', Type: 'JSONSchemaDraft4', Content: draft4 }),
      ),
      { name: 'NotFoundException', status: 404, message: 'Registry with name ghost does not exist.' },
    );
    await expectAwsError(
      sc.send(new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'Draft', SchemaVersion: '9' })),
      { name: 'NotFoundException', status: 404, message: 'Schema with name Draft and version 9 does not exist.' },
    );
    await expectAwsError(
      sc.send(new UpdateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Nope', Description: 'x' })),
      {
        name: 'NotFoundException',
        status: 404,
      },
    );
    await expectAwsError(sc.send(new ListSchemasCommand({ RegistryName: 'ghost' })), {
      name: 'NotFoundException',
      status: 404,
    });
    await expectAwsError(
      sc.send(
        new CreateSchemaCommand({
          RegistryName: 'aws.events',
          SchemaName: 'X',
          Type: 'JSONSchemaDraft4',
          Content: draft4,
        }),
      ),
      { name: 'ForbiddenException', status: 403 },
    );
  });

  it('deletes versions and schemas', async () => {
    await sc.send(
      new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Temp', Type: 'JSONSchemaDraft4', Content: draft4 }),
    );
    await sc.send(
      new UpdateSchemaCommand({
        RegistryName: 'shop',
        SchemaName: 'Temp',
        Content: JSON.stringify({ ...JSON.parse(draft4), title: 'Temp' }),
      }),
    );
    await sc.send(new DeleteSchemaVersionCommand({ RegistryName: 'shop', SchemaName: 'Temp', SchemaVersion: '1' }));
    const versions = await sc.send(new ListSchemaVersionsCommand({ RegistryName: 'shop', SchemaName: 'Temp' }));
    expect((versions.SchemaVersions ?? []).map((v) => v.SchemaVersion)).toEqual(['2']);
    await expectAwsError(
      sc.send(new DeleteSchemaVersionCommand({ RegistryName: 'shop', SchemaName: 'Temp', SchemaVersion: '1' })),
      { name: 'NotFoundException', status: 404 },
    );
    await sc.send(new DeleteSchemaCommand({ RegistryName: 'shop', SchemaName: 'Temp' }));
    await expectAwsError(sc.send(new DescribeSchemaCommand({ RegistryName: 'shop', SchemaName: 'Temp' })), {
      name: 'NotFoundException',
      status: 404,
    });
    await expectAwsError(sc.send(new DeleteSchemaCommand({ RegistryName: 'shop', SchemaName: 'Temp' })), {
      name: 'NotFoundException',
      status: 404,
    });
  });

  it('searches schemas by keywords', async () => {
    const hits = await sc.send(new SearchSchemasCommand({ RegistryName: 'shop', Keywords: 'OrderCreated' }));
    expect((hits.Schemas ?? []).map((s) => s.SchemaName)).toEqual(['shop.orders@OrderCreated']);
    expect(hits.Schemas![0]!.SchemaVersions!.map((v) => v.SchemaVersion)).toEqual(['1', '2']);
    expect(hits.Schemas![0]!.SchemaVersions![0]!.CreatedDate).toBeInstanceOf(Date);
    const none = await sc.send(new SearchSchemasCommand({ RegistryName: 'shop', Keywords: 'zzzz-nothing' }));
    expect(none.Schemas).toEqual([]);
  });

  it('serves the AWS-owned aws.events schemas read-only', async () => {
    const listed = await sc.send(new ListSchemasCommand({ RegistryName: 'aws.events' }));
    const names = (listed.Schemas ?? []).map((s) => s.SchemaName);
    expect(names).toContain('aws.events@ScheduledEvent');
    const d = await sc.send(
      new DescribeSchemaCommand({ RegistryName: 'aws.events', SchemaName: 'aws.s3@ObjectCreated' }),
    );
    expect(d.Type).toBe('OpenApi3');
    expect(JSON.parse(d.Content!).components.schemas.AWSEvent['x-amazon-events-source']).toBe('aws.s3');
  });
});
