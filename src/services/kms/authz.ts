// The IAM action, key ARN and KMS condition keys each operation needs. KeyId references are resolved to the key
// they name (aliases followed, Decrypt without KeyId read from the ciphertext) so the key policy of the right key is
// evaluated; a reference to no key yields no target and the handler answers NotFoundException. Alias operations
// also need permission on the alias ARN. RetireGrant is authorized by the grant itself (grants.ts).
import type { AuthzTarget, RequestContext } from '../types.js';
import { readHeader } from './ciphertext.js';
import { aliasArn, keyArn, parseKeyRef, type KmsService } from './service.js';
import type { KeyRow } from './store.js';

type Input = Record<string, unknown>;
type Ctx = Record<string, string | string[] | number | boolean>;

const GLOBAL_OPS = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom', 'ListRetirableGrants']);
const NO_CHECK = new Set([
  'RetireGrant',
  'ConnectCustomKeyStore',
  'CreateCustomKeyStore',
  'DeleteCustomKeyStore',
  'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore',
  'UpdateCustomKeyStore',
]);

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function contextKeys(prefix: string, ec: unknown, out: Ctx): void {
  if (!ec || typeof ec !== 'object') return;
  const pairs = Object.entries(ec as Record<string, string>);
  for (const [k, v] of pairs) out[`${prefix}EncryptionContext:${k}`] = v;
  out[`${prefix}EncryptionContextKeys`] = pairs.map(([k]) => k);
}

/** Condition keys describing the key and the request (AWS KMS "Condition keys for AWS KMS"). */
function keyContext(svc: KmsService, k: KeyRow, input: Input, ctx: RequestContext): Ctx {
  const c: Ctx = {
    'kms:CallerAccount': ctx.principal.accountId,
    'kms:KeySpec': k.key_spec,
    'kms:CustomerMasterKeySpec': k.key_spec,
    'kms:KeyUsage': k.key_usage,
    'kms:KeyOrigin': k.origin,
    'kms:MultiRegion': k.multi_region !== null,
    'kms:ResourceAliases': svc.store.aliases(k.account_id, k.region, k.key_id).map((a) => a.name),
  };
  if (k.multi_region) c['kms:MultiRegionKeyType'] = k.multi_region;
  if (ctx.sourceArn) {
    const service = ctx.sourceArn.split(':')[2];
    if (service) c['kms:ViaService'] = `${service}.${ctx.region}.amazonaws.com`;
  }
  for (const [member, key] of [
    ['EncryptionAlgorithm', 'kms:EncryptionAlgorithm'],
    ['SigningAlgorithm', 'kms:SigningAlgorithm'],
    ['MacAlgorithm', 'kms:MacAlgorithm'],
    ['MessageType', 'kms:MessageType'],
    ['KeyPairSpec', 'kms:DataKeyPairSpec'],
    ['GranteePrincipal', 'kms:GranteePrincipal'],
    ['RetiringPrincipal', 'kms:RetiringPrincipal'],
  ] as const) {
    const v = str(input[member]);
    if (v !== undefined) c[key] = v;
  }
  const keyId = str(input.KeyId);
  if (keyId?.startsWith('alias/') || keyId?.includes(':alias/'))
    c['kms:RequestAlias'] = keyId.slice(keyId.indexOf('alias/'));
  contextKeys('kms:', input.EncryptionContext, c);
  if (Array.isArray(input.Operations)) c['kms:GrantOperations'] = input.Operations as string[];
  const cons = input.Constraints as
    { EncryptionContextEquals?: unknown; EncryptionContextSubset?: unknown } | undefined;
  if (cons)
    c['kms:GrantConstraintType'] = cons.EncryptionContextEquals ? 'EncryptionContextEquals' : 'EncryptionContextSubset';
  return c;
}

export function makeKmsAuthorization(current: () => KmsService | undefined) {
  return function authorization(operation: string, input: Input, ctx: RequestContext): AuthzTarget[] {
    if (NO_CHECK.has(operation)) return [];
    const svc = current();
    const action = `kms:${operation}`;
    if (GLOBAL_OPS.has(operation) || !svc) {
      const context: Ctx = { 'kms:CallerAccount': ctx.principal.accountId };
      if (operation === 'CreateKey') {
        context['kms:KeySpec'] = str(input.KeySpec) ?? str(input.CustomerMasterKeySpec) ?? 'SYMMETRIC_DEFAULT';
        context['kms:KeyUsage'] = str(input.KeyUsage) ?? 'ENCRYPT_DECRYPT';
        context['kms:KeyOrigin'] = str(input.Origin) ?? 'AWS_KMS';
        context['kms:MultiRegion'] = input.MultiRegion === true;
        const tags = Array.isArray(input.Tags) ? (input.Tags as Array<{ TagKey: string; TagValue: string }>) : [];
        for (const t of tags) context[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
        if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.TagKey);
      }
      return [{ action, resource: '*', context }];
    }
    const find = (value: unknown): KeyRow | undefined => {
      const s = str(value);
      if (s === undefined) return undefined;
      try {
        return svc.lookup(parseKeyRef(s, ctx), ctx.region);
      } catch {
        return undefined;
      }
    };
    const on = (k: KeyRow | undefined, act = action, extra: Ctx = {}): AuthzTarget[] =>
      k ? [{ action: act, resource: keyArn(k), context: { ...keyContext(svc, k, input, ctx), ...extra } }] : [];

    switch (operation) {
      case 'Decrypt': {
        const blob = input.CiphertextBlob instanceof Uint8Array ? input.CiphertextBlob : undefined;
        const head = blob && readHeader(blob);
        const k =
          input.KeyId !== undefined ? find(input.KeyId) : head && svc.store.key(head.accountId, ctx.region, head.keyId);
        return on(k);
      }
      case 'ReEncrypt': {
        const blob = input.CiphertextBlob instanceof Uint8Array ? input.CiphertextBlob : undefined;
        const head = blob && readHeader(blob);
        const src =
          input.SourceKeyId !== undefined
            ? find(input.SourceKeyId)
            : head && svc.store.key(head.accountId, ctx.region, head.keyId);
        const srcCtx: Ctx = {};
        contextKeys('kms:', input.SourceEncryptionContext, srcCtx);
        const destCtx: Ctx = {};
        contextKeys('kms:', input.DestinationEncryptionContext, destCtx);
        return [
          ...on(src, 'kms:ReEncryptFrom', srcCtx),
          ...on(find(input.DestinationKeyId), 'kms:ReEncryptTo', destCtx),
        ];
      }
      case 'CreateAlias':
      case 'DeleteAlias':
      case 'UpdateAlias': {
        const name = str(input.AliasName) ?? '';
        const alias = { action, resource: aliasArn(ctx.region, ctx.accountId, name) };
        const existing = svc.store.alias(ctx.accountId, ctx.region, name);
        const old = existing ? svc.store.key(ctx.accountId, ctx.region, existing.key_id) : undefined;
        const targets: AuthzTarget[] = [alias];
        if (operation !== 'DeleteAlias') targets.push(...on(find(input.TargetKeyId)));
        if (operation !== 'CreateAlias') targets.push(...on(old));
        return targets;
      }
      case 'UpdatePrimaryRegion': {
        const k = find(input.KeyId);
        const replica =
          k && str(input.PrimaryRegion) ? svc.store.key(k.account_id, str(input.PrimaryRegion)!, k.key_id) : undefined;
        return [...on(k), ...on(replica)];
      }
      case 'ReplicateKey':
        return [...on(find(input.KeyId)), { action: 'kms:CreateKey', resource: '*' }];
      default:
        return on(find(input.KeyId));
    }
  };
}
