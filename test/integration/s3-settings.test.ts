// Bucket settings stored as AWS answers them: server access logging (target validated), website configuration,
// Requester Pays and Transfer Acceleration, with their defaults and "not configured" errors.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketWebsiteCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketRequestPaymentCommand,
  GetBucketWebsiteCommand,
  PutBucketAccelerateConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketRequestPaymentCommand,
  PutBucketWebsiteCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error, signedS3 } from './s3-helpers.js';

const ctx = useAtoll();
const Bucket = 'settings-source';
const Logs = 'settings-logs';

describe('S3 bucket settings', () => {
  beforeAll(async () => {
    const s3 = s3Client(ctx.endpoint);
    for (const b of [Bucket, Logs]) await s3.send(new CreateBucketCommand({ Bucket: b }));
  });

  it('stores logging and validates the target bucket', async () => {
    const s3 = s3Client(ctx.endpoint);
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    const missing = await s3Error(
      s3.send(
        new PutBucketLoggingCommand({
          Bucket,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'settings-nowhere', TargetPrefix: 'x/' } },
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'InvalidTargetBucketForLogging', status: 400 });
    expect(missing.message).toBe('The target bucket for logging does not exist');
    // A bucket of another region cannot receive the logs.
    const west = s3Client(ctx.endpoint, { region: 'us-west-2' });
    await west.send(
      new CreateBucketCommand({
        Bucket: 'settings-west',
        CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
      }),
    );
    const cross = await s3Error(
      s3.send(
        new PutBucketLoggingCommand({
          Bucket,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'settings-west', TargetPrefix: 'x/' } },
        }),
      ),
    );
    expect(cross).toMatchObject({ name: 'CrossLocationLoggingProhibited', status: 403 });
    // Another account's bucket is refused too.
    const other = s3Client(ctx.endpoint, { accessKeyId: '111122223333' });
    await other.send(new CreateBucketCommand({ Bucket: 'settings-foreign' }));
    const foreign = await s3Error(
      s3.send(
        new PutBucketLoggingCommand({
          Bucket,
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'settings-foreign', TargetPrefix: 'x/' } },
        }),
      ),
    );
    expect(foreign.name).toBe('InvalidTargetBucketForLogging');
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket,
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: Logs, TargetPrefix: 'access/' } },
      }),
    );
    const got = await s3.send(new GetBucketLoggingCommand({ Bucket }));
    expect(got.LoggingEnabled).toMatchObject({ TargetBucket: Logs, TargetPrefix: 'access/' });
    // An empty BucketLoggingStatus turns logging off.
    await s3.send(new PutBucketLoggingCommand({ Bucket, BucketLoggingStatus: {} }));
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
  });

  it('stores the website configuration and answers NoSuchWebsiteConfiguration without one', async () => {
    const s3 = s3Client(ctx.endpoint);
    const none = await s3Error(s3.send(new GetBucketWebsiteCommand({ Bucket })));
    expect(none).toMatchObject({ name: 'NoSuchWebsiteConfiguration', status: 404 });
    expect(none.message).toBe('The specified bucket does not have a website configuration');
    const noIndex = await s3Error(
      s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { ErrorDocument: { Key: 'e.html' } } })),
    );
    expect(noIndex).toMatchObject({ name: 'InvalidArgument', status: 400 });
    await s3.send(
      new PutBucketWebsiteCommand({
        Bucket,
        WebsiteConfiguration: {
          IndexDocument: { Suffix: 'index.html' },
          ErrorDocument: { Key: 'error.html' },
          RoutingRules: [{ Condition: { KeyPrefixEquals: 'old/' }, Redirect: { ReplaceKeyPrefixWith: 'new/' } }],
        },
      }),
    );
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket }));
    expect(got.IndexDocument).toEqual({ Suffix: 'index.html' });
    expect(got.ErrorDocument).toEqual({ Key: 'error.html' });
    expect(got.RoutingRules?.[0]?.Redirect?.ReplaceKeyPrefixWith).toBe('new/');
    await s3.send(new DeleteBucketWebsiteCommand({ Bucket }));
    expect((await s3Error(s3.send(new GetBucketWebsiteCommand({ Bucket })))).name).toBe('NoSuchWebsiteConfiguration');
  });

  it('answers BucketOwner as the default payer and stores Requester Pays', async () => {
    const s3 = s3Client(ctx.endpoint);
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe('BucketOwner');
    await s3.send(new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: 'Requester' } }));
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe('Requester');
    const raw = await signedS3(ctx.endpoint, { method: 'GET', path: `/${Bucket}`, query: { requestPayment: '' } });
    expect(raw.body).toContain('<Payer>Requester</Payer>');
    await s3.send(
      new PutBucketRequestPaymentCommand({ Bucket, RequestPaymentConfiguration: { Payer: 'BucketOwner' } }),
    );
  });

  it('stores Transfer Acceleration; names with dots cannot use it', async () => {
    const s3 = s3Client(ctx.endpoint);
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status).toBeUndefined();
    await s3.send(
      new PutBucketAccelerateConfigurationCommand({ Bucket, AccelerateConfiguration: { Status: 'Enabled' } }),
    );
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status).toBe('Enabled');
    await s3.send(
      new PutBucketAccelerateConfigurationCommand({ Bucket, AccelerateConfiguration: { Status: 'Suspended' } }),
    );
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status).toBe('Suspended');
    await s3.send(new CreateBucketCommand({ Bucket: 'settings.dotted' }));
    const dotted = await s3Error(
      s3.send(
        new PutBucketAccelerateConfigurationCommand({
          Bucket: 'settings.dotted',
          AccelerateConfiguration: { Status: 'Enabled' },
        }),
      ),
    );
    expect(dotted).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const missing = await s3Error(s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket: 'settings-none' })));
    expect(missing).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });
});
