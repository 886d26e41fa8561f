// Block Public Access in force for a bucket: its own setting and its owner's account-level setting (S3 Control)
// combined; a flag set at either level applies.
import type { AccountPublicAccessView } from '../s3control/index.js';
import type { S3Service } from './service.js';

export interface PublicAccessFlags {
  BlockPublicAcls?: boolean;
  IgnorePublicAcls?: boolean;
  BlockPublicPolicy?: boolean;
  RestrictPublicBuckets?: boolean;
}

export function effectivePublicAccess(svc: S3Service, bucket: string): PublicAccessFlags {
  const own = svc.db.config(bucket, 'pab');
  const b: PublicAccessFlags = own ? (JSON.parse(own) as PublicAccessFlags) : {};
  const owner = svc.db.bucket(bucket)?.account_id;
  const control = svc.core.service('s3control') as (Partial<AccountPublicAccessView> & object) | undefined;
  const a: PublicAccessFlags = (owner && control?.accountPublicAccessBlock?.(owner)) || {};
  return {
    BlockPublicAcls: b.BlockPublicAcls === true || a.BlockPublicAcls === true,
    IgnorePublicAcls: b.IgnorePublicAcls === true || a.IgnorePublicAcls === true,
    BlockPublicPolicy: b.BlockPublicPolicy === true || a.BlockPublicPolicy === true,
    RestrictPublicBuckets: b.RestrictPublicBuckets === true || a.RestrictPublicBuckets === true,
  };
}
