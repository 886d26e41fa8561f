// Amazon S3 Control: the account-level S3 Block Public Access setting (Get/Put/DeletePublicAccessBlock). S3 reads
// it through accountPublicAccessBlock() and applies it together with each bucket's own setting. Routed by its
// versioned path (`/v20180820/...` with x-amz-account-id), since it signs as `s3`. Other operations answer
// NotImplemented (docs/coverage/s3control.md).
import { model } from '../../../generated/s3control/model.js';
import type { Operations, PublicAccessBlockConfiguration } from '../../../generated/s3control/types.js';
import { AwsError } from '../../protocol/errors.js';
import type { Migration } from '../../store/store.js';
import type { HandlerTable, RequestContext, ServiceDefinition, ServiceInstance } from '../types.js';
import { notImplementedHandlers } from './not-implemented.js';

/** What S3 asks S3 Control (the instance is found through core.service('s3control')). */
export interface AccountPublicAccessView {
  accountPublicAccessBlock(accountId: string): PublicAccessBlockConfiguration | undefined;
}

const migrations: Migration[] = [
  {
    id: 's3control/0001-init',
    up(db) {
      db.exec(`
        -- Account-level settings (kind 'pab': the public access block) as the JSON of their API shape.
        CREATE TABLE s3control_account_settings (
          account_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (account_id, kind)
        );
      `);
    },
  },
];

const ACTIONS: Record<string, string> = {
  GetPublicAccessBlock: 's3:GetAccountPublicAccessBlock',
  PutPublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  DeletePublicAccessBlock: 's3:PutAccountPublicAccessBlock',
};

/** Account settings are the caller's own: another account id in x-amz-account-id is refused. */
function ownAccount(accountId: string, ctx: RequestContext): void {
  if (accountId !== ctx.accountId) throw new AwsError('AccessDenied', 'Access Denied', { status: 403 });
}

export const s3control: ServiceDefinition = {
  name: 's3control',
  model,
  migrations,
  // A configuration document that breaks the schema is MalformedXML, as in S3.
  formatValidation: (violations) =>
    violations.some((v) => v.path.startsWith('PublicAccessBlockConfiguration'))
      ? new AwsError(
          'MalformedXML',
          'The XML you provided was not well-formed or did not validate against our published schema',
          { status: 400 },
        )
      : undefined,
  authorization(operation, input) {
    const account = typeof input.AccountId === 'string' ? input.AccountId : undefined;
    return [
      {
        action: ACTIONS[operation] ?? `s3:${operation}`,
        resource: '*',
        ...(account ? { resourceAccountId: account } : {}),
      },
    ];
  },
  create(core): ServiceInstance & AccountPublicAccessView {
    const db = core.store.db;
    const s = {
      get: db.prepare('SELECT value FROM s3control_account_settings WHERE account_id = ? AND kind = ?'),
      put: db.prepare(
        `INSERT INTO s3control_account_settings (account_id, kind, value) VALUES (?, ?, ?)
         ON CONFLICT (account_id, kind) DO UPDATE SET value = excluded.value`,
      ),
      del: db.prepare('DELETE FROM s3control_account_settings WHERE account_id = ? AND kind = ?'),
    };
    const read = (accountId: string): PublicAccessBlockConfiguration | undefined => {
      const row = s.get.get(accountId, 'pab') as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as PublicAccessBlockConfiguration) : undefined;
    };
    const handlers: HandlerTable<Operations> = {
      ...notImplementedHandlers(),
      GetPublicAccessBlock(input, ctx) {
        ownAccount(input.AccountId, ctx);
        const pab = read(input.AccountId);
        if (!pab) {
          throw new AwsError(
            'NoSuchPublicAccessBlockConfiguration',
            'The public access block configuration was not found',
            {
              status: 404,
              fields: { AccountId: input.AccountId },
            },
          );
        }
        return { PublicAccessBlockConfiguration: pab };
      },
      PutPublicAccessBlock(input, ctx) {
        ownAccount(input.AccountId, ctx);
        const c = input.PublicAccessBlockConfiguration;
        // Omitted flags are stored as false, as S3 answers them.
        const value: PublicAccessBlockConfiguration = {
          BlockPublicAcls: c.BlockPublicAcls ?? false,
          IgnorePublicAcls: c.IgnorePublicAcls ?? false,
          BlockPublicPolicy: c.BlockPublicPolicy ?? false,
          RestrictPublicBuckets: c.RestrictPublicBuckets ?? false,
        };
        core.store.tx(() => s.put.run(input.AccountId, 'pab', JSON.stringify(value)));
      },
      DeletePublicAccessBlock(input, ctx) {
        ownAccount(input.AccountId, ctx);
        core.store.tx(() => s.del.run(input.AccountId, 'pab'));
      },
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      accountPublicAccessBlock: read,
    };
  },
};
