// Schemas authorization: an IAM user's identity policy is evaluated against the operation's action and the
// registry/schema ARN it addresses, with AccessDeniedException (403) otherwise.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DescribeRegistryCommand,
  DescribeSchemaCommand,
  SchemasClient,
} from '@aws-sdk/client-schemas';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { expectAwsError } from '../helpers/util.js';

const t = useAtoll();
const ACCT = '000000000000';
const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new SchemasClient({ endpoint: t.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

describe('identity policies', () => {
  it('allows only the actions and resources the policy names', async () => {
    const admin = client(TEST_CREDENTIALS);
    await admin.send(new CreateRegistryCommand({ RegistryName: 'team-a' }));
    await admin.send(new CreateRegistryCommand({ RegistryName: 'team-b' }));
    await admin.send(
      new CreateSchemaCommand({
        RegistryName: 'team-a',
        SchemaName: 'S',
        Type: 'JSONSchemaDraft4',
        Content: '{"type":"object"}',
      }),
    );
    const iam = new IAMClient({ endpoint: t.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['schemas:DescribeRegistry', 'schemas:DescribeSchema'],
              Resource: [
                `arn:aws:schemas:us-east-1:${ACCT}:registry/team-a`,
                `arn:aws:schemas:us-east-1:${ACCT}:schema/team-a/*`,
                'arn:aws:schemas:us-east-1::schema/aws.events/*',
              ],
            },
          ],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }));
    const reader = client({
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    });
    try {
      expect((await reader.send(new DescribeRegistryCommand({ RegistryName: 'team-a' }))).RegistryName).toBe('team-a');
      expect((await reader.send(new DescribeSchemaCommand({ RegistryName: 'team-a', SchemaName: 'S' }))).Type).toBe(
        'JSONSchemaDraft4',
      );
      // AWS's shared registry: its ARNs carry no account.
      const scheduled = await reader.send(
        new DescribeSchemaCommand({ RegistryName: 'aws.events', SchemaName: 'aws.events@ScheduledEvent' }),
      );
      expect(scheduled.SchemaArn).toBe('arn:aws:schemas:us-east-1::schema/aws.events/aws.events@ScheduledEvent');
      await expectAwsError(reader.send(new DescribeRegistryCommand({ RegistryName: 'aws.events' })), {
        name: 'AccessDeniedException',
        status: 403,
      });
      await expectAwsError(reader.send(new DescribeRegistryCommand({ RegistryName: 'team-b' })), {
        name: 'AccessDeniedException',
        status: 403,
        message: /schemas:DescribeRegistry on resource: arn:aws:schemas:us-east-1:000000000000:registry\/team-b/,
      });
      await expectAwsError(reader.send(new CreateRegistryCommand({ RegistryName: 'team-c' })), {
        name: 'AccessDeniedException',
        status: 403,
      });
      await expectAwsError(admin.send(new DescribeRegistryCommand({ RegistryName: 'team-c' })), {
        name: 'NotFoundException',
        status: 404,
      });
    } finally {
      reader.destroy();
      admin.destroy();
      iam.destroy();
    }
  });
});
