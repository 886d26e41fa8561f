// Buckets: create (global names, region constraints), head, delete, list, location, versioning.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { hasAcl, isPublicAcl, ownerOnly, requestedAcl } from './acl.js';
import { S3Errors } from './errors.js';
import type { S3Service } from './service.js';

/** General purpose bucket naming rules (Amazon S3 User Guide, "Bucket naming rules"). */
export function validBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return false;
  return !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name);
}

const MAX_BUCKETS_PAGE = 10000;

const NEW_BUCKET_PAB = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export function bucketHandlers(
  svc: S3Service,
): Pick<
  Handlers,
  | 'CreateBucket'
  | 'DeleteBucket'
  | 'HeadBucket'
  | 'ListBuckets'
  | 'GetBucketLocation'
  | 'GetBucketVersioning'
  | 'PutBucketVersioning'
> {
  return {
    CreateBucket(input, ctx) {
      const name = input.Bucket;
      if (!validBucketName(name)) throw S3Errors.invalidBucketName(name);
      const constraint = input.CreateBucketConfiguration?.LocationConstraint as string | undefined;
      const region = bucketRegion(constraint, ctx);
      const existing = svc.db.bucket(name);
      if (existing) {
        if (existing.account_id !== ctx.accountId) throw S3Errors.bucketAlreadyExists(name);
        // us-east-1 keeps its legacy answer: re-creating your own bucket succeeds.
        if (existing.region === 'us-east-1' && region === 'us-east-1') return { Location: `/${name}` };
        throw S3Errors.bucketAlreadyOwnedByYou(name);
      }
      // Since April 2023 new buckets have ACLs disabled and all of Block Public Access on, unless asked otherwise.
      const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
      const owner = svc.owner(ctx.accountId);
      const acl = hasAcl(input) ? requestedAcl(input, owner, owner) : undefined;
      if (acl && ownership === 'BucketOwnerEnforced' && !ownerOnly(acl, owner)) throw S3Errors.aclWithObjectOwnership();
      if (acl && isPublicAcl(acl)) throw S3Errors.aclWithBlockPublicAccess();
      svc.db.tx(() => {
        svc.db.insertBucket(name, ctx.accountId, region, svc.now());
        svc.db.putConfig(name, 'ownership', JSON.stringify({ Rules: [{ ObjectOwnership: ownership }] }));
        svc.db.putConfig(name, 'pab', JSON.stringify(NEW_BUCKET_PAB));
        if (acl && ownership !== 'BucketOwnerEnforced') svc.db.putConfig(name, 'acl', JSON.stringify(acl));
      });
      return { Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` };
    },

    DeleteBucket(input) {
      svc.bucket(input.Bucket);
      if (!svc.db.isEmpty(input.Bucket)) throw S3Errors.bucketNotEmpty(input.Bucket);
      svc.db.tx(() => svc.db.deleteBucket(input.Bucket));
    },

    HeadBucket(input) {
      const b = svc.bucket(input.Bucket);
      return { BucketRegion: b.region, AccessPointAlias: false };
    },

    ListBuckets(input, ctx) {
      const max = input.MaxBuckets ?? MAX_BUCKETS_PAGE;
      if (max < 1 || max > MAX_BUCKETS_PAGE) {
        throw S3Errors.invalidArgument(
          'Argument max-buckets must be an integer between 1 and 10000',
          'max-buckets',
          String(max),
        );
      }
      const after = input.ContinuationToken ? decodeToken(input.ContinuationToken) : '';
      const prefix = input.Prefix ?? '';
      const rows = svc.db
        .bucketsOf(ctx.accountId, after, 1_000_000)
        .filter((b) => b.name.startsWith(prefix))
        .filter((b) => !input.BucketRegion || b.region === input.BucketRegion);
      const page = rows.slice(0, max);
      const more = rows.length > max;
      return {
        Buckets: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created_at), BucketRegion: b.region })),
        Owner: svc.owner(ctx.accountId),
        ...(more ? { ContinuationToken: encodeToken(page[page.length - 1]!.name) } : {}),
        ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      };
    },

    GetBucketLocation(input) {
      const b = svc.bucket(input.Bucket);
      // us-east-1 buckets answer an empty LocationConstraint.
      return b.region === 'us-east-1' ? {} : { LocationConstraint: b.region as never };
    },

    GetBucketVersioning(input) {
      const b = svc.bucket(input.Bucket);
      return b.versioning ? { Status: b.versioning as 'Enabled' | 'Suspended', MFADelete: 'Disabled' } : {};
    },

    PutBucketVersioning(input) {
      svc.bucket(input.Bucket);
      const status = input.VersioningConfiguration.Status;
      if (status !== 'Enabled' && status !== 'Suspended') throw S3Errors.malformedXml();
      if (status === 'Suspended' && svc.db.config(input.Bucket, 'replication') !== undefined) {
        throw new AwsError(
          'InvalidBucketState',
          'A replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.',
          { status: 409, fields: { BucketName: input.Bucket } },
        );
      }
      svc.db.tx(() => svc.db.setVersioning(input.Bucket, status));
    },
  };
}

/** The region a new bucket lands in, checked against the endpoint's region as S3 does. */
function bucketRegion(constraint: string | undefined, ctx: RequestContext): string {
  const region = ctx.region;
  if (constraint === undefined || constraint === '') {
    if (region !== 'us-east-1') throw S3Errors.illegalLocationConstraint('', region);
    return 'us-east-1';
  }
  if (constraint === 'us-east-1') throw S3Errors.invalidLocationConstraint();
  // `EU` is the legacy name of eu-west-1.
  const wanted = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (wanted !== region) throw S3Errors.illegalLocationConstraint(constraint, region);
  return wanted;
}

function encodeToken(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const name = Buffer.from(token, 'base64').toString('utf8');
  if (!name)
    throw S3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return name;
}
