// Access control lists as S3 keeps them since April 2023: new buckets are BucketOwnerEnforced (ACLs disabled, reads
// answer the owner's FULL_CONTROL), other Object Ownership settings store bucket and object ACLs from canned ACLs
// (`x-amz-acl`), grant headers (`x-amz-grant-*`) or an AccessControlPolicy body. Block Public Access refuses new
// public grants (BlockPublicAcls) and makes stored ones grant nothing (IgnorePublicAcls, see aclPolicyStatements).
import type { AccessControlPolicy, Grant, Grantee, Owner, Permission } from '../../../generated/s3/types.js';
import { AwsError } from '../../protocol/errors.js';
import { S3Errors } from './errors.js';
import { effectivePublicAccess } from './public-access.js';
import type { S3Service } from './service.js';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const GROUPS = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);
const PERMISSIONS = new Set(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']);

export interface StoredAcl {
  Owner: Required<Owner>;
  Grants: Grant[];
}

/** The ACL inputs PutBucketAcl, PutObjectAcl, CreateBucket, PutObject and friends share. */
export interface AclInput {
  ACL?: string;
  AccessControlPolicy?: AccessControlPolicy;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

const GRANT_HEADERS: Array<[keyof AclInput, Permission]> = [
  ['GrantFullControl', 'FULL_CONTROL'],
  ['GrantRead', 'READ'],
  ['GrantReadACP', 'READ_ACP'],
  ['GrantWrite', 'WRITE'],
  ['GrantWriteACP', 'WRITE_ACP'],
];

/** The bucket's Object Ownership; a bucket without ownership controls behaves as ObjectWriter. */
export function objectOwnership(svc: S3Service, bucket: string): string {
  const raw = svc.db.config(bucket, 'ownership');
  if (!raw) return 'ObjectWriter';
  const doc = JSON.parse(raw) as { Rules?: Array<{ ObjectOwnership?: string }> };
  return doc.Rules?.[0]?.ObjectOwnership ?? 'ObjectWriter';
}

export function hasAcl(input: AclInput): boolean {
  return input.ACL !== undefined || input.AccessControlPolicy !== undefined || GRANT_HEADERS.some(([h]) => input[h]);
}

const user = (o: Required<Owner>): Grantee => ({ Type: 'CanonicalUser', ID: o.ID, DisplayName: o.DisplayName });
const group = (uri: string): Grantee => ({ Type: 'Group', URI: uri });

export function privateAcl(owner: Required<Owner>): StoredAcl {
  return { Owner: owner, Grants: [{ Grantee: user(owner), Permission: 'FULL_CONTROL' }] };
}

/** The grants a canned ACL stands for (Amazon S3 User Guide, "Canned ACL"). */
function cannedGrants(name: string, owner: Required<Owner>, bucketOwner: Required<Owner>): Grant[] {
  const own: Grant = { Grantee: user(owner), Permission: 'FULL_CONTROL' };
  switch (name) {
    case 'private':
    case 'aws-exec-read':
      return [own];
    case 'public-read':
      return [own, { Grantee: group(ALL_USERS), Permission: 'READ' }];
    case 'public-read-write':
      return [
        own,
        { Grantee: group(ALL_USERS), Permission: 'READ' },
        { Grantee: group(ALL_USERS), Permission: 'WRITE' },
      ];
    case 'authenticated-read':
      return [own, { Grantee: group(AUTHENTICATED_USERS), Permission: 'READ' }];
    case 'log-delivery-write':
      return [
        own,
        { Grantee: group(LOG_DELIVERY), Permission: 'WRITE' },
        { Grantee: group(LOG_DELIVERY), Permission: 'READ_ACP' },
      ];
    case 'bucket-owner-read':
      return owner.ID === bucketOwner.ID ? [own] : [own, { Grantee: user(bucketOwner), Permission: 'READ' }];
    case 'bucket-owner-full-control':
      return owner.ID === bucketOwner.ID ? [own] : [own, { Grantee: user(bucketOwner), Permission: 'FULL_CONTROL' }];
    default:
      throw S3Errors.invalidArgument('', 'x-amz-acl', name);
  }
}

/** `id="…", uri="…", emailAddress="…"` lists of an `x-amz-grant-*` header. */
function headerGrantees(header: string, value: string, names: Map<string, string>): Grantee[] {
  const out: Grantee[] = [];
  for (const part of value.split(',')) {
    const m = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(part);
    if (!m) throw S3Errors.invalidArgument('', header, value);
    const [, kind, v] = m as unknown as [string, string, string];
    if (kind.toLowerCase() === 'uri') out.push(checkGrantee({ Type: 'Group', URI: v }, names));
    else if (kind.toLowerCase() === 'id') out.push(checkGrantee({ Type: 'CanonicalUser', ID: v }, names));
    else out.push(checkGrantee({ Type: 'AmazonCustomerByEmail', EmailAddress: v }, names));
  }
  return out;
}

/** A grantee as S3 validates it; `names` gives display names of the canonical ids atoll can name. */
function checkGrantee(g: Grantee, names: Map<string, string>): Grantee {
  if (g.Type === 'Group') {
    if (!g.URI || !GROUPS.has(g.URI)) throw S3Errors.invalidArgument('Invalid group uri', 'uri', g.URI ?? '');
    return { Type: 'Group', URI: g.URI };
  }
  if (g.Type === 'CanonicalUser') {
    if (!g.ID || !/^[0-9a-f]{64}$/.test(g.ID))
      throw S3Errors.invalidArgument('Invalid id', 'CanonicalUser/ID', g.ID ?? '');
    const name = names.get(g.ID);
    return { Type: 'CanonicalUser', ID: g.ID, ...(name ? { DisplayName: name } : {}) };
  }
  if (g.Type === 'AmazonCustomerByEmail') {
    // atoll keeps no e-mail addresses for accounts; AWS answers this for addresses it cannot resolve.
    throw new AwsError(
      'UnresolvableGrantByEmailAddress',
      'The e-mail address you provided does not match any account on record.',
      { status: 400, fields: { EmailAddress: g.EmailAddress ?? '' } },
    );
  }
  throw S3Errors.malformedAcl();
}

/**
 * The ACL a request asks for. `owner` owns the resource (the bucket, or the object's writer), `bucketOwner` the
 * bucket. Canned ACL, grant headers and body are mutually exclusive as in S3.
 */
export function requestedAcl(input: AclInput, owner: Required<Owner>, bucketOwner: Required<Owner>): StoredAcl {
  const names = new Map([
    [owner.ID, owner.DisplayName],
    [bucketOwner.ID, bucketOwner.DisplayName],
  ]);
  const headers = GRANT_HEADERS.filter(([h]) => input[h]);
  if (input.ACL !== undefined && headers.length > 0) {
    throw S3Errors.invalidRequest('Specifying both Canned ACLs and Header Grants is not allowed');
  }
  if (input.AccessControlPolicy !== undefined && (input.ACL !== undefined || headers.length > 0)) {
    throw new AwsError('UnexpectedContent', 'This request does not support content', { status: 400 });
  }
  if (input.ACL !== undefined) return { Owner: owner, Grants: cannedGrants(input.ACL, owner, bucketOwner) };
  if (headers.length > 0) {
    const Grants: Grant[] = [];
    for (const [h, Permission] of headers) {
      for (const Grantee of headerGrantees(h, input[h] as string, names)) Grants.push({ Grantee, Permission });
    }
    return { Owner: owner, Grants };
  }
  const body = input.AccessControlPolicy ?? {};
  // The body must name the owner and well-formed grants; anything else is MalformedACLError.
  if (!body.Owner?.ID) throw S3Errors.malformedAcl();
  if (body.Owner.ID !== owner.ID) throw S3Errors.accessDenied();
  const Grants: Grant[] = [];
  for (const g of body.Grants ?? []) {
    if (!g.Grantee || !g.Permission || !PERMISSIONS.has(g.Permission)) throw S3Errors.malformedAcl();
    Grants.push({ Grantee: checkGrantee(g.Grantee, names), Permission: g.Permission });
  }
  return { Owner: owner, Grants };
}

export function isPublicAcl(acl: StoredAcl): boolean {
  return acl.Grants.some((g) => g.Grantee?.URI === ALL_USERS || g.Grantee?.URI === AUTHENTICATED_USERS);
}

/** With ACLs disabled only an ACL giving the bucket owner full control, and nobody anything else, is accepted. */
export function ownerOnly(acl: StoredAcl, bucketOwner: Required<Owner>): boolean {
  return acl.Grants.every((g) => g.Grantee?.ID === bucketOwner.ID && g.Permission === 'FULL_CONTROL');
}

/**
 * Checks a requested ACL against the bucket's ownership and Block Public Access. Answers the ACL to store, or
 * undefined when ACLs are disabled (BucketOwnerEnforced) and the request only restates the owner's full control.
 */
export function admitAcl(
  svc: S3Service,
  bucket: string,
  acl: StoredAcl,
  bucketOwner: Required<Owner>,
): StoredAcl | undefined {
  if (objectOwnership(svc, bucket) === 'BucketOwnerEnforced') {
    if (!ownerOnly(acl, bucketOwner)) throw S3Errors.aclNotSupported();
    return undefined;
  }
  if (isPublicAcl(acl) && effectivePublicAccess(svc, bucket).BlockPublicAcls) throw S3Errors.accessDenied();
  return acl;
}

/** What Get*Acl answers: the stored ACL, or the owner's FULL_CONTROL (always, with ACLs disabled). */
export function visibleAcl(
  svc: S3Service,
  bucket: string,
  stored: string | StoredAcl | undefined,
  owner: Required<Owner>,
): StoredAcl {
  if (objectOwnership(svc, bucket) === 'BucketOwnerEnforced' || !stored) return privateAcl(owner);
  return typeof stored === 'string' ? (JSON.parse(stored) as StoredAcl) : stored;
}

/** Whether an ACL grants a permission to everyone (READ/WRITE also through FULL_CONTROL). */
export function grantsAllUsers(acl: StoredAcl, permission: Permission): boolean {
  return acl.Grants.some(
    (g) => g.Grantee?.URI === ALL_USERS && (g.Permission === permission || g.Permission === 'FULL_CONTROL'),
  );
}
