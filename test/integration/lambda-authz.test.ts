// Lambda authorization: another account reaches a function only through its resource policy (AddPermission),
// for the action and the (qualified or unqualified) function ARN the policy names.
import { AddPermissionCommand, GetFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';
import { createFunction, decode, lambdaClient } from './lambda-helpers.js';

const ctx = useAtoll();
const OTHER = '111111111111';

/** A 12-digit access key acts as that account's root. */
function otherAccount(): LambdaClient {
  return new LambdaClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: OTHER, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

async function denied(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected AccessDeniedException');
}

describe('cross-account access to a function', () => {
  it('is denied without a resource policy and allowed for what AddPermission grants', async () => {
    const name = uniqueName('xacct');
    await createFunction(lambdaClient(ctx.endpoint), name, {
      'index.js': 'exports.handler = async (event) => ({ got: event.x });',
    });
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
    const other = otherAccount();
    const because = (action: string) =>
      `User: arn:aws:iam::${OTHER}:root is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`;

    const invoke = () => other.send(new InvokeCommand({ FunctionName: arn, Payload: Buffer.from('{"x":1}') }));
    expect(await denied(invoke())).toEqual({
      name: 'AccessDeniedException',
      message: because('lambda:InvokeFunction'),
      status: 403,
    });
    expect(await denied(other.send(new GetFunctionCommand({ FunctionName: arn })))).toEqual({
      name: 'AccessDeniedException',
      message: because('lambda:GetFunction'),
      status: 403,
    });

    await lambdaClient(ctx.endpoint).send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: 'other-account',
        Principal: OTHER,
        Action: 'lambda:InvokeFunction',
      }),
    );
    const res = await invoke();
    expect(res.StatusCode).toBe(200);
    expect(decode(res.Payload)).toEqual({ got: 1 });
    // The grant covers InvokeFunction on the unqualified function only.
    expect(await denied(other.send(new GetFunctionCommand({ FunctionName: arn })))).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
    });
    const qualified = await denied(other.send(new InvokeCommand({ FunctionName: arn, Qualifier: '$LATEST' })));
    expect(qualified).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(qualified.message).toContain(`on resource: ${arn}:$LATEST `);
  });

  it('resolves partial ARNs to the account they name', async () => {
    const name = uniqueName('partial');
    await createFunction(lambdaClient(ctx.endpoint), name, { 'index.js': 'exports.handler = async () => 1;' });
    const err = await denied(
      otherAccount().send(new GetFunctionCommand({ FunctionName: `000000000000:function:${name}` })),
    );
    expect(err).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(err.message).toContain(`on resource: arn:aws:lambda:us-east-1:000000000000:function:${name} `);
  });
});
