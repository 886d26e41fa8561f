// Bucket settings kept as documents and answered as AWS does: server access logging (target bucket validated),
// static website configuration (stored; atoll does not serve website endpoints), Requester Pays and Transfer
// Acceleration. Unset settings answer AWS's defaults or its "not configured" errors.
import { AwsError } from '../../protocol/errors.js';
import type { Handlers } from './api.js';
import { S3Errors } from './errors.js';
import type { S3Service } from './service.js';

type SettingOps =
  | 'GetBucketLogging'
  | 'PutBucketLogging'
  | 'GetBucketWebsite'
  | 'PutBucketWebsite'
  | 'DeleteBucketWebsite'
  | 'GetBucketRequestPayment'
  | 'PutBucketRequestPayment'
  | 'GetBucketAccelerateConfiguration'
  | 'PutBucketAccelerateConfiguration';

const invalidLoggingTarget = (message: string, bucket: string) =>
  new AwsError('InvalidTargetBucketForLogging', message, { status: 400, fields: { TargetBucket: bucket } });

export function bucketSettingHandlers(svc: S3Service): Pick<Handlers, SettingOps> {
  const get = <T>(bucket: string, kind: string): T | undefined => {
    svc.bucket(bucket);
    const v = svc.db.config(bucket, kind);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  };
  const put = (bucket: string, kind: string, value: unknown): void => {
    svc.bucket(bucket);
    svc.db.tx(() => svc.db.putConfig(bucket, kind, JSON.stringify(value)));
  };
  const del = (bucket: string, kind: string): void => {
    svc.bucket(bucket);
    svc.db.tx(() => svc.db.deleteConfig(bucket, kind));
  };
  return {
    // No logging configured answers an empty BucketLoggingStatus (200), not an error.
    GetBucketLogging: (input) => get(input.Bucket, 'logging') ?? {},
    PutBucketLogging(input) {
      const source = svc.bucket(input.Bucket);
      const enabled = input.BucketLoggingStatus.LoggingEnabled;
      if (!enabled) return del(input.Bucket, 'logging');
      const target = svc.db.bucket(enabled.TargetBucket);
      if (!target) throw invalidLoggingTarget('The target bucket for logging does not exist', enabled.TargetBucket);
      if (target.account_id !== source.account_id) {
        throw invalidLoggingTarget(
          'The owner for the bucket to be logged and the target bucket must be the same.',
          enabled.TargetBucket,
        );
      }
      if (target.region !== source.region)
        throw new AwsError(
          'CrossLocationLoggingProhibited',
          'Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location.',
          {
            status: 403,
            fields: { TargetBucketLocation: target.region },
          },
        );
      const pays = get<{ Payer?: string }>(target.name, 'requestPayment');
      if (pays?.Payer === 'Requester') {
        throw invalidLoggingTarget('The target bucket for logging must not be a Requester Pays bucket', target.name);
      }
      return put(input.Bucket, 'logging', { LoggingEnabled: enabled });
    },

    GetBucketWebsite(input) {
      const w = get<Record<string, unknown>>(input.Bucket, 'website');
      if (!w) {
        throw S3Errors.noSuchConfiguration(
          'NoSuchWebsiteConfiguration',
          'The specified bucket does not have a website configuration',
          input.Bucket,
        );
      }
      return w;
    },
    PutBucketWebsite(input) {
      const w = input.WebsiteConfiguration;
      if (w.RedirectAllRequestsTo && (w.IndexDocument || w.ErrorDocument || w.RoutingRules)) {
        throw S3Errors.invalidArgument(
          'RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.',
          'RedirectAllRequestsTo',
          'not null',
        );
      }
      if (!w.RedirectAllRequestsTo && !w.IndexDocument) {
        throw S3Errors.invalidArgument(
          'A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty',
          'IndexDocument',
          'null',
        );
      }
      const suffix = w.IndexDocument?.Suffix;
      if (suffix !== undefined && (suffix === '' || suffix.includes('/'))) {
        throw S3Errors.invalidArgument('The IndexDocument Suffix is not well formed', 'IndexDocument', suffix);
      }
      for (const r of w.RoutingRules ?? []) {
        const redirect = r.Redirect;
        if (redirect.ReplaceKeyPrefixWith !== undefined && redirect.ReplaceKeyWith !== undefined) {
          throw S3Errors.invalidRequest('You can only define ReplaceKeyPrefix or ReplaceKey but not both.');
        }
      }
      return put(input.Bucket, 'website', w);
    },
    DeleteBucketWebsite: (input) => del(input.Bucket, 'website'),

    GetBucketRequestPayment: (input) => ({
      Payer: get<{ Payer: 'BucketOwner' | 'Requester' }>(input.Bucket, 'requestPayment')?.Payer ?? 'BucketOwner',
    }),
    PutBucketRequestPayment: (input) => put(input.Bucket, 'requestPayment', input.RequestPaymentConfiguration),

    // A bucket that never had acceleration configured answers an empty configuration.
    GetBucketAccelerateConfiguration: (input) => get(input.Bucket, 'accelerate') ?? {},
    PutBucketAccelerateConfiguration(input) {
      if (input.Bucket.includes('.')) {
        throw S3Errors.invalidRequest(
          'S3 Transfer Acceleration is not supported for buckets with periods (.) in their names',
        );
      }
      return put(input.Bucket, 'accelerate', { Status: input.AccelerateConfiguration.Status });
    },
  };
}
