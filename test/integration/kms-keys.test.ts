// KMS key management end to end with @aws-sdk/client-kms: key specs and metadata, lifecycle and deletion
// scheduling, aliases, tags, policies, rotation, multi-Region replicas, and the errors AWS answers.
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  DecryptCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  UpdatePrimaryRegionCommand,
  ImportKeyMaterialCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';

const ctx = useAtoll();
const ACCOUNT = '000000000000';
const kms = (region = 'us-east-1') =>
  new KMSClient({
    endpoint: ctx.endpoint,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });

async function error(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

let n = 0;
const alias = () => `alias/test-${Date.now()}-${n++}`;

describe('CreateKey / DescribeKey', () => {
  it('creates a symmetric key with full metadata and the default key policy', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(
      new CreateKeyCommand({ Description: 'd1', Tags: [{ TagKey: 'a', TagValue: '1' }] }),
    );
    expect(md).toMatchObject({
      AWSAccountId: ACCOUNT,
      Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${md!.KeyId}`,
      Enabled: true,
      Description: 'd1',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(md!.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(md!.CreationDate).toBeInstanceOf(Date);
    const policy = JSON.parse((await c.send(new GetKeyPolicyCommand({ KeyId: md!.KeyId }))).Policy!);
    expect(policy.Statement[0]).toMatchObject({
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    });
    expect((await c.send(new ListKeyPoliciesCommand({ KeyId: md!.KeyId }))).PolicyNames).toEqual(['default']);
    const keys = await c.send(new ListKeysCommand({}));
    expect(keys.Keys).toContainEqual({ KeyId: md!.KeyId, KeyArn: md!.Arn });
  });

  it('lists algorithms per key spec and rejects invalid spec/usage combinations', async () => {
    const c = kms();
    const rsa = await c.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    expect(rsa.KeyMetadata!.SigningAlgorithms).toContain('RSASSA_PSS_SHA_256');
    const rsaEnc = await c.send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' }));
    expect(rsaEnc.KeyMetadata!.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    const ec = await c.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }));
    expect(ec.KeyMetadata!.SigningAlgorithms).toEqual(['ECDSA_SHA_384']);
    const hmac = await c.send(new CreateKeyCommand({ KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' }));
    expect(hmac.KeyMetadata!.MacAlgorithms).toEqual(['HMAC_SHA_512']);
    const bad = await error(c.send(new CreateKeyCommand({ KeyUsage: 'SIGN_VERIFY' })));
    expect(bad).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(bad.message).toContain('KeyUsage value must be ENCRYPT_DECRYPT');
    expect(await error(c.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await error(c.send(new CreateKeyCommand({ Origin: 'EXTERNAL' })))).toMatchObject({
      name: 'NotImplemented',
      status: 501,
    });
    expect(await error(c.send(new CreateKeyCommand({ Policy: '{"Statement": 5' })))).toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
  });

  it('answers NotFoundException with AWS wording for unknown keys and aliases', async () => {
    const c = kms();
    const id = '11111111-2222-3333-4444-555555555555';
    expect(await error(c.send(new DescribeKeyCommand({ KeyId: id })))).toMatchObject({
      name: 'NotFoundException',
      status: 400,
      message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}' does not exist`,
    });
    expect(await error(c.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })))).toMatchObject({
      name: 'NotFoundException',
      message: `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/nope is not found.`,
    });
    expect(await error(c.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:bad' })))).toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('reports not implemented operations', async () => {
    const { KeyMetadata } = await kms().send(new CreateKeyCommand({}));
    const e = await error(
      kms().send(
        new ImportKeyMaterialCommand({
          KeyId: KeyMetadata!.KeyId,
          ImportToken: new Uint8Array([1]),
          EncryptedKeyMaterial: new Uint8Array([1]),
        }),
      ),
    );
    expect(e).toMatchObject({ name: 'NotImplemented', status: 501 });
  });
});

describe('key lifecycle', () => {
  it('disables, enables, and refuses crypto on disabled or pending-deletion keys', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(new CreateKeyCommand({}));
    const KeyId = md!.KeyId!;
    await c.send(new DisableKeyCommand({ KeyId }));
    expect((await c.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata).toMatchObject({
      Enabled: false,
      KeyState: 'Disabled',
    });
    expect(await error(c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
      name: 'DisabledException',
      message: `${md!.Arn} is disabled.`,
    });
    await c.send(new EnableKeyCommand({ KeyId }));
    await c.send(new UpdateKeyDescriptionCommand({ KeyId, Description: 'new' }));
    expect((await c.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.Description).toBe('new');

    expect(await error(c.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 3 })))).toMatchObject({
      name: 'ValidationException',
    });
    const before = Date.now();
    const s = await c.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    expect(s).toMatchObject({ KeyId: md!.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(s.DeletionDate!.getTime()).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
    expect((await c.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata).toMatchObject({
      KeyState: 'PendingDeletion',
      Enabled: false,
    });
    expect(await error(c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${md!.Arn} is pending deletion.`,
    });
    expect(await error(c.send(new EnableKeyCommand({ KeyId })))).toMatchObject({ name: 'KMSInvalidStateException' });
    expect(await c.send(new CancelKeyDeletionCommand({ KeyId }))).toMatchObject({ KeyId: md!.Arn });
    expect((await c.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    expect(await error(c.send(new CancelKeyDeletionCommand({ KeyId })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${md!.Arn} is not pending deletion.`,
    });
  });
});

describe('aliases and tags', () => {
  it('creates, resolves, updates, lists and deletes aliases', async () => {
    const c = kms();
    const a = await c.send(new CreateKeyCommand({}));
    const b = await c.send(new CreateKeyCommand({}));
    const name = alias();
    await c.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: a.KeyMetadata!.KeyId }));
    expect((await c.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.KeyId).toBe(a.KeyMetadata!.KeyId);
    const aliasArn = `arn:aws:kms:us-east-1:${ACCOUNT}:${name}`;
    expect((await c.send(new DescribeKeyCommand({ KeyId: aliasArn }))).KeyMetadata!.KeyId).toBe(a.KeyMetadata!.KeyId);
    expect(
      await error(c.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: b.KeyMetadata!.KeyId }))),
    ).toMatchObject({
      name: 'AlreadyExistsException',
    });
    expect(
      await error(c.send(new CreateAliasCommand({ AliasName: 'nope', TargetKeyId: b.KeyMetadata!.KeyId }))),
    ).toMatchObject({
      name: 'ValidationException',
      message:
        'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
    expect(
      await error(c.send(new CreateAliasCommand({ AliasName: 'alias/aws/x', TargetKeyId: b.KeyMetadata!.KeyId }))),
    ).toMatchObject({ name: 'InvalidAliasNameException' });
    await c.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: b.KeyMetadata!.KeyId }));
    const perKey = await c.send(new ListAliasesCommand({ KeyId: b.KeyMetadata!.KeyId }));
    expect(perKey.Aliases).toEqual([
      expect.objectContaining({ AliasName: name, AliasArn: aliasArn, TargetKeyId: b.KeyMetadata!.KeyId }),
    ]);
    await c.send(new DeleteAliasCommand({ AliasName: name }));
    expect(await error(c.send(new DeleteAliasCommand({ AliasName: name })))).toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('tags and untags keys', async () => {
    const c = kms();
    const { KeyMetadata } = await c.send(new CreateKeyCommand({ Tags: [{ TagKey: 'a', TagValue: '1' }] }));
    const KeyId = KeyMetadata!.KeyId!;
    await c.send(
      new TagResourceCommand({
        KeyId,
        Tags: [
          { TagKey: 'b', TagValue: '2' },
          { TagKey: 'a', TagValue: '3' },
        ],
      }),
    );
    expect((await c.send(new ListResourceTagsCommand({ KeyId }))).Tags).toEqual([
      { TagKey: 'a', TagValue: '3' },
      { TagKey: 'b', TagValue: '2' },
    ]);
    await c.send(new UntagResourceCommand({ KeyId, TagKeys: ['a'] }));
    expect((await c.send(new ListResourceTagsCommand({ KeyId }))).Tags).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    expect(
      await error(c.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: 'aws:x', TagValue: '1' }] }))),
    ).toMatchObject({
      name: 'TagException',
    });
  });

  it('replaces the key policy and validates it', async () => {
    const c = kms();
    const { KeyMetadata } = await c.send(new CreateKeyCommand({}));
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      ],
    });
    await c.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default', Policy: doc }));
    expect((await c.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId }))).Policy).toBe(doc);
    expect(
      await error(c.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, Policy: 'not json' }))),
    ).toMatchObject({ name: 'MalformedPolicyDocumentException' });
  });
});

describe('rotation', () => {
  it('records rotation settings and keeps old ciphertexts decryptable after rotating', async () => {
    const c = kms();
    const { KeyMetadata } = await c.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata!.KeyId!;
    expect(await c.send(new GetKeyRotationStatusCommand({ KeyId }))).toMatchObject({ KeyRotationEnabled: false });
    await c.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
    const status = await c.send(new GetKeyRotationStatusCommand({ KeyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90, KeyId: KeyMetadata!.Arn });
    const old = await c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('before') }));
    await c.send(new RotateKeyOnDemandCommand({ KeyId }));
    const rotations = await c.send(new ListKeyRotationsCommand({ KeyId }));
    expect(rotations.Rotations).toEqual([
      expect.objectContaining({ RotationType: 'ON_DEMAND', KeyId: KeyMetadata!.Arn }),
    ]);
    const fresh = await c.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('after') }));
    expect(
      Buffer.from((await c.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }))).Plaintext!).toString(),
    ).toBe('before');
    expect(
      Buffer.from((await c.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).Plaintext!).toString(),
    ).toBe('after');
    const rsa = await c.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    expect(await error(c.send(new EnableKeyRotationCommand({ KeyId: rsa.KeyMetadata!.KeyId })))).toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('multi-Region keys', () => {
  it('replicates with the same material: the replica decrypts the primary ciphertext', async () => {
    const east = kms('us-east-1');
    const west = kms('us-west-2');
    const { KeyMetadata: md } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
    expect(md!.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(md!.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: md!.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });
    const rep = await east.send(new ReplicateKeyCommand({ KeyId: md!.KeyId, ReplicaRegion: 'us-west-2' }));
    const replicaArn = `arn:aws:kms:us-west-2:${ACCOUNT}:key/${md!.KeyId}`;
    expect(rep.ReplicaKeyMetadata).toMatchObject({
      Arn: replicaArn,
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'REPLICA',
        ReplicaKeys: [{ Arn: replicaArn, Region: 'us-west-2' }],
      },
    });
    const ct = await east.send(
      new EncryptCommand({ KeyId: md!.KeyId, Plaintext: Buffer.from('dr'), EncryptionContext: { app: 'x' } }),
    );
    const pt = await west.send(
      new DecryptCommand({ CiphertextBlob: ct.CiphertextBlob, EncryptionContext: { app: 'x' } }),
    );
    expect(Buffer.from(pt.Plaintext!).toString()).toBe('dr');
    expect(pt.KeyId).toBe(replicaArn);
    expect(
      await error(east.send(new ReplicateKeyCommand({ KeyId: md!.KeyId, ReplicaRegion: 'us-west-2' }))),
    ).toMatchObject({
      name: 'AlreadyExistsException',
    });
    await east.send(new UpdatePrimaryRegionCommand({ KeyId: md!.KeyId, PrimaryRegion: 'us-west-2' }));
    expect(
      (await west.send(new DescribeKeyCommand({ KeyId: md!.KeyId }))).KeyMetadata!.MultiRegionConfiguration,
    ).toMatchObject({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Region: 'us-west-2' },
    });
    const single = await east.send(new CreateKeyCommand({}));
    expect(
      await error(east.send(new ReplicateKeyCommand({ KeyId: single.KeyMetadata!.KeyId, ReplicaRegion: 'us-west-2' }))),
    ).toMatchObject({ name: 'UnsupportedOperationException' });
  });
});
