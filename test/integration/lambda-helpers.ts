// Shared by the Lambda integration tests: a LambdaClient for the test's atoll and zipped Node.js handlers.
import { LambdaClient, CreateFunctionCommand, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { TEST_CREDENTIALS } from '../helpers/atoll.js';
import { sleep } from '../helpers/util.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

export function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export function zip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

/** Creates a function and waits until it is Active. */
export async function createFunction(
  client: LambdaClient,
  name: string,
  code: Record<string, string>,
  extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {},
): Promise<void> {
  await client.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip(code) },
      ...extra,
    }),
  );
  await waitActive(client, name);
}

export async function waitActive(client: LambdaClient, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (c.State === 'Active' && c.LastUpdateStatus !== 'InProgress') return;
    await sleep(20);
  }
  throw new Error(`${name} did not become Active`);
}

export function decode(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
}
