// S3 new-bucket defaults (April 2023: Block Public Access on, ACLs disabled), Object Ownership on CreateBucket,
// bucket and object ACLs (canned, grant headers, AccessControlPolicy bodies) and how ownership and Block Public
// Access constrain them; public-read object ACLs grant anonymous reads when both allow it.
import { describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { rawRequest, s3Client, s3Error, signedS3 } from './s3-helpers.js';

const ctx = useAtoll();
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const s3 = () => s3Client(ctx.endpoint);
const port = () => new URL(ctx.endpoint).port;

async function ownerId(bucket: string): Promise<string> {
  return (await s3().send(new GetBucketAclCommand({ Bucket: bucket }))).Owner!.ID!;
}

/** A bucket with ACLs enabled and Block Public Access removed, as a user who wants public ACLs sets it up. */
async function openBucket(Bucket: string, ownership: 'ObjectWriter' | 'BucketOwnerPreferred' = 'ObjectWriter') {
  await s3().send(new CreateBucketCommand({ Bucket, ObjectOwnership: ownership }));
  await s3().send(new DeletePublicAccessBlockCommand({ Bucket }));
}

describe('S3 new-bucket defaults and ownership', () => {
  it('creates buckets with all Block Public Access flags on and ACLs disabled', async () => {
    const Bucket = 'acl-defaults';
    await s3().send(new CreateBucketCommand({ Bucket }));
    const pab = await s3().send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const own = await s3().send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(own.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(acl.Grants).toEqual([
      {
        Grantee: { Type: 'CanonicalUser', ID: acl.Owner!.ID, DisplayName: acl.Owner!.DisplayName },
        Permission: 'FULL_CONTROL',
      },
    ]);
  });

  it('honours x-amz-object-ownership on CreateBucket', async () => {
    for (const ObjectOwnership of ['BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced'] as const) {
      const Bucket = `acl-own-${ObjectOwnership.toLowerCase()}`;
      await s3().send(new CreateBucketCommand({ Bucket, ObjectOwnership }));
      const got = await s3().send(new GetBucketOwnershipControlsCommand({ Bucket }));
      expect(got.OwnershipControls?.Rules).toEqual([{ ObjectOwnership }]);
    }
  });

  it('refuses ACLs on CreateBucket that ownership or Block Public Access forbid', async () => {
    const enforced = await s3Error(s3().send(new CreateBucketCommand({ Bucket: 'acl-create-1', ACL: 'public-read' })));
    expect(enforced).toMatchObject({
      name: 'InvalidBucketAclWithObjectOwnership',
      status: 400,
      message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    });
    const granted = await s3Error(
      s3().send(new CreateBucketCommand({ Bucket: 'acl-create-2', GrantRead: `uri="${LOG_DELIVERY}"` })),
    );
    expect(granted.name).toBe('InvalidBucketAclWithObjectOwnership');
    // A public ACL with ACLs enabled still meets the new bucket's Block Public Access.
    const pub = await s3Error(
      s3().send(
        new CreateBucketCommand({ Bucket: 'acl-create-3', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }),
      ),
    );
    expect(pub).toMatchObject({ name: 'InvalidBucketAclWithBlockPublicAccessError', status: 400 });
    // Nothing was created by the refused calls; `private` is accepted with ACLs disabled.
    await s3().send(new CreateBucketCommand({ Bucket: 'acl-create-1', ACL: 'private' }));
    expect((await s3().send(new GetBucketAclCommand({ Bucket: 'acl-create-1' }))).Grants).toHaveLength(1);
    // A non-public ACL with ACLs enabled is stored.
    await s3().send(
      new CreateBucketCommand({
        Bucket: 'acl-create-4',
        GrantWrite: `uri="${LOG_DELIVERY}"`,
        GrantReadACP: `uri="${LOG_DELIVERY}"`,
        ObjectOwnership: 'ObjectWriter',
      }),
    );
    const stored = await s3().send(new GetBucketAclCommand({ Bucket: 'acl-create-4' }));
    expect(stored.Grants?.map((g) => [g.Grantee?.URI, g.Permission])).toEqual([
      [LOG_DELIVERY, 'READ_ACP'],
      [LOG_DELIVERY, 'WRITE'],
    ]);
  });

  it('will not disable ACLs while the bucket ACL grants others', async () => {
    const Bucket = 'acl-enforce-later';
    await openBucket(Bucket);
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'authenticated-read' }));
    const err = await s3Error(
      s3().send(
        new PutBucketOwnershipControlsCommand({
          Bucket,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'InvalidBucketAclWithObjectOwnership', status: 400 });
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'private' }));
    await s3().send(
      new PutBucketOwnershipControlsCommand({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      }),
    );
    const own = await s3().send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
  });
});

describe('S3 ACL operations', () => {
  it('answers AccessControlListNotSupported for ACLs on BucketOwnerEnforced buckets', async () => {
    const Bucket = 'acl-enforced';
    await s3().send(new CreateBucketCommand({ Bucket }));
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket }));
    const expected = { name: 'AccessControlListNotSupported', status: 400, message: 'The bucket does not allow ACLs' };
    expect(await s3Error(s3().send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' })))).toMatchObject(expected);
    expect(
      await s3Error(s3().send(new PutObjectCommand({ Bucket, Key: 'a.txt', Body: 'x', ACL: 'public-read' }))),
    ).toMatchObject(expected);
    // The owner's full control (canned or spelled out) is accepted and changes nothing.
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'private' }));
    await s3().send(new PutObjectCommand({ Bucket, Key: 'a.txt', Body: 'x', ACL: 'bucket-owner-full-control' }));
    expect(
      await s3Error(s3().send(new PutObjectAclCommand({ Bucket, Key: 'a.txt', GrantRead: `uri="${ALL_USERS}"` }))),
    ).toMatchObject(expected);
    const id = await ownerId(Bucket);
    await s3().send(new PutObjectAclCommand({ Bucket, Key: 'a.txt', GrantFullControl: `id="${id}"` }));
    const got = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'a.txt' }));
    expect(got.Owner?.ID).toBe(id);
    expect(got.Grants?.map((g) => [g.Grantee?.ID, g.Permission])).toEqual([[id, 'FULL_CONTROL']]);
  });

  it('stores and answers bucket ACLs from canned ACLs, grant headers and AccessControlPolicy bodies', async () => {
    const Bucket = 'acl-stored';
    await openBucket(Bucket, 'BucketOwnerPreferred');
    const id = await ownerId(Bucket);
    await s3().send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' }));
    let acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: id, DisplayName: acl.Owner?.DisplayName }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ]);
    await s3().send(
      new PutBucketAclCommand({ Bucket, GrantRead: `uri="${AUTH_USERS}"`, GrantFullControl: `id="${id}"` }),
    );
    acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      [id, 'FULL_CONTROL'],
      [AUTH_USERS, 'READ'],
    ]);
    const other = 'a'.repeat(64);
    await s3().send(
      new PutBucketAclCommand({
        Bucket,
        AccessControlPolicy: {
          Owner: { ID: id },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: id }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'CanonicalUser', ID: other }, Permission: 'READ_ACP' },
            { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' },
          ],
        },
      }),
    );
    acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      ['CanonicalUser', id, 'FULL_CONTROL'],
      ['CanonicalUser', other, 'READ_ACP'],
      ['Group', LOG_DELIVERY, 'WRITE'],
    ]);
    // Canned ACL and grant headers together are refused.
    expect(
      await s3Error(s3().send(new PutBucketAclCommand({ Bucket, ACL: 'private', GrantRead: `id="${id}"` }))),
    ).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it('refuses public ACLs while BlockPublicAcls is on and ignores them with IgnorePublicAcls', async () => {
    const Bucket = 'acl-blocked';
    await s3().send(new CreateBucketCommand({ Bucket, ObjectOwnership: 'ObjectWriter' }));
    await s3().send(new PutObjectCommand({ Bucket, Key: 'page.html', Body: '<p>hi</p>' }));
    const denied = { name: 'AccessDenied', status: 403 };
    expect(await s3Error(s3().send(new PutBucketAclCommand({ Bucket, ACL: 'public-read' })))).toMatchObject(denied);
    expect(
      await s3Error(s3().send(new PutObjectAclCommand({ Bucket, Key: 'page.html', ACL: 'public-read' }))),
    ).toMatchObject(denied);
    expect(
      await s3Error(s3().send(new PutObjectCommand({ Bucket, Key: 'b.html', Body: 'b', ACL: 'authenticated-read' }))),
    ).toMatchObject(denied);
    // Non-public ACLs pass.
    await s3().send(new PutObjectAclCommand({ Bucket, Key: 'page.html', ACL: 'bucket-owner-read' }));

    // With only IgnorePublicAcls on, a public-read ACL is stored but grants anonymous callers nothing.
    await s3().send(
      new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }),
    );
    await s3().send(new PutObjectAclCommand({ Bucket, Key: 'page.html', ACL: 'public-read' }));
    const stored = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'page.html' }));
    expect(stored.Grants?.some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ')).toBe(true);
    const anon = () => rawRequest(port(), 'GET', '/page.html', { host: `${Bucket}.localhost:${port()}` });
    expect((await anon()).status).toBe(403);
    // Block Public Access off: the public-read object ACL grants anonymous reads.
    await s3().send(new DeletePublicAccessBlockCommand({ Bucket }));
    const open = await anon();
    expect(open.status).toBe(200);
    expect(open.body).toBe('<p>hi</p>');
    // Back to private: anonymous readers are refused again.
    await s3().send(new PutObjectAclCommand({ Bucket, Key: 'page.html', ACL: 'private' }));
    expect((await anon()).status).toBe(403);
  });

  it('keeps object ACLs per object: PutObject x-amz-acl, GetObjectAcl, writer ownership', async () => {
    const Bucket = 'acl-objects';
    await openBucket(Bucket);
    await s3().send(new PutObjectCommand({ Bucket, Key: 'pub.txt', Body: 'p', ACL: 'public-read' }));
    await s3().send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'q' }));
    const id = await ownerId(Bucket);
    const pub = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'pub.txt' }));
    expect(pub.Owner?.ID).toBe(id);
    expect(pub.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.ID, g.Permission])).toEqual([
      [id, 'FULL_CONTROL'],
      [ALL_USERS, 'READ'],
    ]);
    const plain = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'plain.txt' }));
    expect(plain.Grants?.map((g) => [g.Grantee?.ID, g.Permission])).toEqual([[id, 'FULL_CONTROL']]);
    // A missing key answers NoSuchKey.
    expect(await s3Error(s3().send(new GetObjectAclCommand({ Bucket, Key: 'none' })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    // Deleting ownership controls keeps ACLs enabled (ObjectWriter behaviour) and GetBucketOwnershipControls 404s.
    await s3().send(new DeleteBucketOwnershipControlsCommand({ Bucket }));
    expect(await s3Error(s3().send(new GetBucketOwnershipControlsCommand({ Bucket })))).toMatchObject({
      name: 'OwnershipControlsNotFoundError',
      status: 404,
    });
    await s3().send(new PutObjectAclCommand({ Bucket, Key: 'plain.txt', ACL: 'public-read-write' }));
    const rw = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'plain.txt' }));
    expect(rw.Grants?.filter((g) => g.Grantee?.URI === ALL_USERS).map((g) => g.Permission)).toEqual(['READ', 'WRITE']);
  });

  it('gives objects written by another account to the writer unless ownership says otherwise', async () => {
    const Bucket = 'acl-writers';
    await openBucket(Bucket, 'BucketOwnerPreferred');
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:root' },
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${Bucket}/*`,
            },
          ],
        }),
      }),
    );
    const writer = s3Client(ctx.endpoint, { accessKeyId: '111122223333' });
    await writer.send(new PutObjectCommand({ Bucket, Key: 'theirs.txt', Body: 't' }));
    await writer.send(new PutObjectCommand({ Bucket, Key: 'mine.txt', Body: 'm', ACL: 'bucket-owner-full-control' }));
    const id = await ownerId(Bucket);
    const theirs = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'theirs.txt' }));
    expect(theirs.Owner?.DisplayName).toBe('111122223333');
    expect(theirs.Owner?.ID).not.toBe(id);
    expect(theirs.Grants?.map((g) => [g.Grantee?.ID, g.Permission])).toEqual([[theirs.Owner?.ID, 'FULL_CONTROL']]);
    // BucketOwnerPreferred: with bucket-owner-full-control the bucket owner owns the new object.
    const mine = await s3().send(new GetObjectAclCommand({ Bucket, Key: 'mine.txt' }));
    expect(mine.Owner?.ID).toBe(id);
  });

  it('answers MalformedACLError for an AccessControlPolicy body S3 cannot accept (raw request)', async () => {
    const Bucket = 'acl-malformed';
    await openBucket(Bucket);
    const put = (body: string) =>
      signedS3(ctx.endpoint, {
        method: 'PUT',
        path: `/${Bucket}`,
        query: { acl: '' },
        headers: { 'content-type': 'application/xml' },
        body,
      });
    const expectMalformed = (res: { status: number; body: string }) => {
      expect(res.status).toBe(400);
      expect(res.body).toContain(
        '<Code>MalformedACLError</Code><Message>The XML you provided was not well-formed or did not validate against our published schema</Message>',
      );
    };
    // No Owner.
    expectMalformed(
      await put(
        '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><AccessControlList></AccessControlList></AccessControlPolicy>',
      ),
    );
    // A grantee without xsi:type.
    const id = await ownerId(Bucket);
    expectMalformed(
      await put(
        `<AccessControlPolicy><Owner><ID>${id}</ID></Owner><AccessControlList><Grant><Grantee><ID>${id}</ID></Grantee>` +
          '<Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>',
      ),
    );
    // An unknown permission.
    expectMalformed(
      await put(
        `<AccessControlPolicy><Owner><ID>${id}</ID></Owner><AccessControlList><Grant>` +
          `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${id}</ID></Grantee>` +
          '<Permission>EVERYTHING</Permission></Grant></AccessControlList></AccessControlPolicy>',
      ),
    );
    // A well-formed body through the same raw path is accepted.
    const ok = await put(
      `<AccessControlPolicy><Owner><ID>${id}</ID></Owner><AccessControlList><Grant>` +
        `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>${LOG_DELIVERY}</URI></Grantee>` +
        '<Permission>WRITE</Permission></Grant></AccessControlList></AccessControlPolicy>',
    );
    expect(ok.status).toBe(200);
    const acl = await s3().send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toEqual([{ Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' }]);
    // A body together with x-amz-acl is refused.
    const both = await signedS3(ctx.endpoint, {
      method: 'PUT',
      path: `/${Bucket}`,
      query: { acl: '' },
      headers: { 'content-type': 'application/xml', 'x-amz-acl': 'private' },
      body: `<AccessControlPolicy><Owner><ID>${id}</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>`,
    });
    expect(both.status).toBe(400);
    expect(both.body).toContain(
      '<Code>UnexpectedContent</Code><Message>This request does not support content</Message>',
    );
  });
});
