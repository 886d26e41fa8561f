// EventBridge Schemas resource policies, tags, code bindings (NotImplemented) and malformed requests (hand-signed
// raw requests), with AWS's error codes and statuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteResourcePolicyCommand,
  DescribeCodeBindingCommand,
  DescribeRegistryCommand,
  GetCodeBindingSourceCommand,
  GetResourcePolicyCommand,
  ListTagsForResourceCommand,
  PutCodeBindingCommand,
  PutResourcePolicyCommand,
  SchemasClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-schemas';
import { useAtoll, TEST_CREDENTIALS } from '../helpers/atoll.js';
import { rawRequest } from '../helpers/raw.js';
import { expectAwsError } from '../helpers/util.js';

const t = useAtoll();
let sc: SchemasClient;
const ACCT = '000000000000';

beforeAll(async () => {
  sc = new SchemasClient({ endpoint: t.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await sc.send(new CreateRegistryCommand({ RegistryName: 'shop' }));
  await sc.send(
    new CreateSchemaCommand({ RegistryName: 'shop', SchemaName: 'Draft', Type: 'JSONSchemaDraft4', Content: '{}' }),
  );
});
afterAll(() => sc.destroy());

describe('resource policies and tags', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'schemas:DescribeRegistry', Resource: '*' },
    ],
  });

  it('puts, gets and deletes a registry policy with revision checks', async () => {
    await sc.send(new CreateRegistryCommand({ RegistryName: 'shared' }));
    await expectAwsError(sc.send(new GetResourcePolicyCommand({ RegistryName: 'shared' })), {
      name: 'NotFoundException',
      status: 404,
    });
    const put = await sc.send(new PutResourcePolicyCommand({ RegistryName: 'shared', Policy: policy }));
    expect(put.RevisionId).toBeTruthy();
    const got = await sc.send(new GetResourcePolicyCommand({ RegistryName: 'shared' }));
    expect(JSON.parse(got.Policy as unknown as string)).toEqual(JSON.parse(policy));
    expect(got.RevisionId).toBe(put.RevisionId);
    await expectAwsError(
      sc.send(new PutResourcePolicyCommand({ RegistryName: 'shared', Policy: policy, RevisionId: 'stale' })),
      { name: 'PreconditionFailedException', status: 412 },
    );
    const again = await sc.send(
      new PutResourcePolicyCommand({ RegistryName: 'shared', Policy: policy, RevisionId: put.RevisionId }),
    );
    expect(again.RevisionId).not.toBe(put.RevisionId);
    await sc.send(new DeleteResourcePolicyCommand({ RegistryName: 'shared' }));
    await expectAwsError(sc.send(new DeleteResourcePolicyCommand({ RegistryName: 'shared' })), {
      name: 'NotFoundException',
      status: 404,
    });
    await expectAwsError(sc.send(new PutResourcePolicyCommand({ RegistryName: 'ghost', Policy: policy })), {
      name: 'NotFoundException',
      status: 404,
    });
  });

  it('tags registries and schemas', async () => {
    const arn = `arn:aws:schemas:us-east-1:${ACCT}:registry/shared`;
    await sc.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: '1', b: '2' } }));
    await sc.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    const tags = await sc.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(tags.Tags).toEqual({ b: '2' });
    const schemaArn = `arn:aws:schemas:us-east-1:${ACCT}:schema/shop/Draft`;
    await sc.send(new TagResourceCommand({ ResourceArn: schemaArn, Tags: { s: 'x' } }));
    expect((await sc.send(new ListTagsForResourceCommand({ ResourceArn: schemaArn }))).Tags).toEqual({ s: 'x' });
    await expectAwsError(
      sc.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:schemas:us-east-1:${ACCT}:registry/ghost` })),
      { name: 'NotFoundException', status: 404 },
    );
    await expectAwsError(sc.send(new ListTagsForResourceCommand({ ResourceArn: 'not-an-arn' })), {
      name: 'BadRequestException',
      status: 400,
    });
  });
});

describe('code bindings and malformed requests', () => {
  it('answers NotImplemented for code bindings', async () => {
    const input = { RegistryName: 'shop', SchemaName: 'Draft', Language: 'Java8' };
    for (const cmd of [
      new DescribeCodeBindingCommand(input),
      new PutCodeBindingCommand(input),
      new GetCodeBindingSourceCommand(input),
    ]) {
      await expectAwsError(sc.send(cmd as DescribeCodeBindingCommand), { name: 'NotImplemented', status: 501 });
    }
  });

  it('answers BadRequestException with Code and Message for a body missing required members', async () => {
    const res = await rawRequest(t.endpoint, {
      method: 'POST',
      path: '/v1/registries/name/shop/schemas/name/NoContent',
      service: 'schemas',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Type: 'OpenApi3' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('BadRequestException');
    const body = JSON.parse(res.body) as { Code: string; Message: string };
    expect(body.Code).toBe('BadRequestException');
    expect(body.Message).toMatch(/Content/);
  });

  it('answers BadRequestException for a body that is not JSON and leaves state unchanged', async () => {
    const res = await rawRequest(t.endpoint, {
      method: 'POST',
      path: '/v1/registries/name/broken',
      service: 'schemas',
      headers: { 'content-type': 'application/json' },
      body: '{"Description": ',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectAwsError(sc.send(new DescribeRegistryCommand({ RegistryName: 'broken' })), {
      name: 'NotFoundException',
      status: 404,
    });
  });
});
