// Lambda control plane through @aws-sdk/client-lambda: create, get, update, list, delete, versions, aliases,
// permissions, concurrency and tags.
import { describe, expect, it } from 'vitest';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';
import { createFunction, lambdaClient, ROLE, waitActive, zip } from './lambda-helpers.js';

const ctx = useAtoll();
const HANDLER = { 'index.js': 'exports.handler = async (e) => ({ echo: e });' };
const client = () => lambdaClient(ctx.endpoint);

describe('CreateFunction / GetFunction', () => {
  it('creates a function Pending, then Active, with AWS defaults and the code hash', async () => {
    const name = uniqueName('fn');
    const code = zip(HANDLER);
    const created = await client().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: code },
        Environment: { Variables: { AB: '1' } },
        Tags: { team: 'x' },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Pending',
      StateReasonCode: 'Creating',
      PackageType: 'Zip',
      CodeSize: code.length,
      CodeSha256: createHash('sha256').update(code).digest('base64'),
      Environment: { Variables: { AB: '1' } },
    });
    await waitActive(client(), name);
    const got = await client().send(new GetFunctionCommand({ FunctionName: name }));
    expect(got.Configuration?.State).toBe('Active');
    expect(got.Configuration?.LastUpdateStatus).toBe('Successful');
    expect(got.Tags).toEqual({ team: 'x' });
    const res = await fetch(got.Code!.Location!);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(code))).toBe(true);
  });

  it('answers AWS errors for duplicates, missing functions, bad runtimes and bad roles', async () => {
    const name = uniqueName('fn');
    await createFunction(client(), name, HANDLER);
    await expectAwsError(
      client().send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zip(HANDLER) },
        }),
      ),
      { name: 'ResourceConflictException', status: 409, message: `Function already exist: ${name}` },
    );
    await expectAwsError(client().send(new GetFunctionCommand({ FunctionName: 'nope' })), {
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope',
    });
    await expectAwsError(
      client().send(
        new CreateFunctionCommand({
          FunctionName: uniqueName('fn'),
          Runtime: 'nodejs12.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: zip(HANDLER) },
        }),
      ),
      { name: 'InvalidParameterValueException', status: 400, message: /nodejs12.x is no longer supported/ },
    );
    await expectAwsError(
      client().send(
        new CreateFunctionCommand({
          FunctionName: uniqueName('fn'),
          Runtime: 'nodejs20.x',
          Role: 'not-a-role',
          Handler: 'index.handler',
          Code: { ZipFile: zip(HANDLER) },
        }),
      ),
      { name: 'ValidationException', status: 400 },
    );
  });

  it('updates code and configuration, lists and deletes', async () => {
    const name = uniqueName('fn');
    await createFunction(client(), name, HANDLER);
    const updated = await client().send(
      new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 10, MemorySize: 256, Description: 'd' }),
    );
    expect(updated).toMatchObject({ Timeout: 10, MemorySize: 256, Description: 'd', LastUpdateStatus: 'InProgress' });
    await waitActive(client(), name);
    const newCode = zip({ 'index.js': 'exports.handler = async () => 2;' });
    const code = await client().send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: newCode }));
    expect(code.CodeSha256).toBe(createHash('sha256').update(newCode).digest('base64'));
    await waitActive(client(), name);
    const list = await client().send(new ListFunctionsCommand({}));
    const mine = list.Functions?.find((f) => f.FunctionName === name);
    expect(mine).toMatchObject({ Timeout: 10 });
    expect(mine?.State).toBeUndefined();
    const del = await client().send(new DeleteFunctionCommand({ FunctionName: name }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await expectAwsError(client().send(new GetFunctionConfigurationCommand({ FunctionName: name })), {
      name: 'ResourceNotFoundException',
    });
  });

  it('pages ListFunctions with Marker/MaxItems', async () => {
    for (let i = 0; i < 3; i++) await createFunction(client(), uniqueName('page'), HANDLER);
    const seen = new Set<string>();
    let marker: string | undefined;
    do {
      const page = await client().send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      for (const f of page.Functions!) seen.add(f.FunctionName!);
      marker = page.NextMarker;
    } while (marker);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });
});

describe('versions and aliases', () => {
  it('publishes versions, routes aliases and refuses deleting aliased versions', async () => {
    const name = uniqueName('ver');
    await createFunction(client(), name, HANDLER);
    const v1 = await client().send(new PublishVersionCommand({ FunctionName: name, Description: 'first' }));
    expect(v1.$metadata.httpStatusCode).toBe(201);
    expect(v1).toMatchObject({ Version: '1', FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}:1` });
    // Unchanged code and configuration: the same version again.
    expect((await client().send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe('1');
    await client().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 5 }));
    await waitActive(client(), name);
    expect((await client().send(new PublishVersionCommand({ FunctionName: name }))).Version).toBe('2');
    const versions = await client().send(new ListVersionsByFunctionCommand({ FunctionName: name }));
    expect(versions.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    const alias = await client().send(
      new CreateAliasCommand({
        FunctionName: name,
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } },
      }),
    );
    expect(alias).toMatchObject({
      Name: 'live',
      FunctionVersion: '1',
      AliasArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}:live`,
    });
    const upd = await client().send(
      new UpdateAliasCommand({
        FunctionName: name,
        Name: 'live',
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    expect(upd.FunctionVersion).toBe('2');
    expect(upd.RoutingConfig).toBeUndefined();
    expect((await client().send(new GetAliasCommand({ FunctionName: name, Name: 'live' }))).FunctionVersion).toBe('2');
    expect((await client().send(new ListAliasesCommand({ FunctionName: name }))).Aliases).toHaveLength(1);
    await expectAwsError(client().send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '2' })), {
      name: 'ResourceConflictException',
    });
    await client().send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: '1' }));
    const config = await client().send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: 'live' }));
    expect(config.Version).toBe('2');
  });
});

describe('permissions, concurrency, tags', () => {
  it('keeps a resource policy', async () => {
    const name = uniqueName('pol');
    await createFunction(client(), name, HANDLER);
    const added = await client().send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 's3',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::bucket',
        SourceAccount: '000000000000',
      }),
    );
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 's3',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      Condition: {
        StringEquals: { 'AWS:SourceAccount': '000000000000' },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket' },
      },
    });
    await expectAwsError(
      client().send(
        new AddPermissionCommand({
          FunctionName: name,
          StatementId: 's3',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
        }),
      ),
      { name: 'ResourceConflictException' },
    );
    const policy = JSON.parse((await client().send(new GetPolicyCommand({ FunctionName: name }))).Policy!);
    expect(policy.Statement).toHaveLength(1);
    await client().send(new RemovePermissionCommand({ FunctionName: name, StatementId: 's3' }));
    await expectAwsError(client().send(new GetPolicyCommand({ FunctionName: name })), {
      name: 'ResourceNotFoundException',
    });
  });

  it('keeps reserved concurrency and tags', async () => {
    const name = uniqueName('conc');
    await createFunction(client(), name, HANDLER);
    expect(
      (await client().send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions,
    ).toBeUndefined();
    await client().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 5 }));
    expect(
      (await client().send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions,
    ).toBe(5);
    await expectAwsError(
      client().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 950 })),
      { name: 'InvalidParameterValueException' },
    );
    await client().send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    await client().send(new TagResourceCommand({ Resource: arn, Tags: { a: '1', b: '2' } }));
    await client().send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] }));
    expect((await client().send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ b: '2' });
  });
});
