// CreateAccount is asynchronous, as in AWS: the request is recorded IN_PROGRESS and a durable job finishes it
// (new account in the root, default policies, tags, OrganizationAccountAccessRole through IAM), so a restart in
// between still completes it.
import type { HandlerTable } from '../types.js';
import type { CreateAccountStatus, Operations, Tag } from './api.js';
import type { OrgService } from './service.js';
import { AwsError, CommonErrors } from '../../protocol/errors.js';
import { OrgErrors } from './errors.js';
import { newAccountId, newCreateAccountRequestId } from './ids.js';
import { createStatusShape } from './shapes.js';
import { page } from './paging.js';
import { checkTags, storeTags } from './tags.js';
import { attachDefaults } from './policy-types.js';

export const CREATE_ACCOUNT_JOB = 'organizations.create-account';
const DEFAULT_ROLE = 'OrganizationAccountAccessRole';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

interface StoredRequest {
  roleName: string;
  tags: Tag[];
}

export class AccountFactory {
  /** Role set-ups IAM refused (visible in health); the account is still created, as AWS does not roll back. */
  roleFailures = 0;

  constructor(private readonly svc: OrgService) {
    svc.core.scheduler.register(CREATE_ACCOUNT_JOB, async (payload) => {
      await this.complete((payload as { id: string }).id);
    });
  }

  handlers(): Pick<
    HandlerTable<Operations>,
    'CreateAccount' | 'CreateGovCloudAccount' | 'DescribeCreateAccountStatus' | 'ListCreateAccountStatus'
  > {
    const svc = this.svc;
    return {
      CreateAccount(input, ctx) {
        const snap = svc.management(ctx);
        const roleName = input.RoleName ?? DEFAULT_ROLE;
        if (roleName.startsWith('AWSServiceRoleFor')) throw OrgErrors.invalidInput('INVALID_ROLE_NAME');
        checkTags(input.Tags);
        const id = newCreateAccountRequestId();
        const now = svc.now();
        const request: StoredRequest = { roleName, tags: input.Tags ?? [] };
        svc.write(() => {
          svc.store.insertCreateStatus({
            id,
            org_id: snap.id,
            account_name: input.AccountName,
            email: input.Email,
            account_id: newAccountId(),
            request: JSON.stringify(request),
            requested_at: now,
          });
          svc.core.scheduler.schedule(CREATE_ACCOUNT_JOB, now, { id });
        });
        return { CreateAccountStatus: createStatusShape(svc.store.createStatus(id)!) };
      },

      CreateGovCloudAccount() {
        throw CommonErrors.notImplemented('CreateGovCloudAccount');
      },

      DescribeCreateAccountStatus(input, ctx) {
        const snap = svc.reader(ctx);
        const row = svc.store.createStatus(input.CreateAccountRequestId);
        if (!row || row.org_id !== snap.id) throw OrgErrors.createAccountStatusNotFound();
        return { CreateAccountStatus: createStatusShape(row) };
      },

      ListCreateAccountStatus(input, ctx) {
        const snap = svc.reader(ctx);
        const states = input.States && input.States.length > 0 ? new Set<string>(input.States) : undefined;
        const all = svc.store
          .createStatusesOf(snap.id)
          .filter((r) => !states || states.has(r.state))
          .map(createStatusShape);
        const { items, NextToken } = page<CreateAccountStatus>(all, input, 'create-account-status');
        return { CreateAccountStatuses: items, ...(NextToken ? { NextToken } : {}) };
      },
    };
  }

  /** The durable step: idempotent, so a retry after a crash finishes the same request with the same account id. */
  private async complete(id: string): Promise<void> {
    const svc = this.svc;
    const row = svc.store.createStatus(id);
    if (!row || row.state !== 'IN_PROGRESS') return;
    const snap = svc.snapshot(row.org_id);
    if (!snap) return;
    if (svc.store.emailTaken(row.email)) {
      svc.write(() => svc.store.finishCreateStatus(id, 'FAILED', 'EMAIL_ALREADY_EXISTS', svc.now()));
      return;
    }
    const request = JSON.parse(row.request) as StoredRequest;
    await this.createAccessRole(row.account_id, snap.management, request.roleName);
    svc.write(() => {
      const current = svc.snapshot(row.org_id);
      if (!current || svc.store.createStatus(id)?.state !== 'IN_PROGRESS') return;
      svc.store.insertAccount({
        account_id: row.account_id,
        org_id: row.org_id,
        parent_id: current.rootId,
        name: row.account_name,
        email: row.email,
        status: 'ACTIVE',
        joined_method: 'CREATED',
        joined_at: svc.now(),
      });
      attachDefaults(svc, current, row.account_id);
      storeTags(svc, row.org_id, row.account_id, request.tags);
      svc.store.finishCreateStatus(id, 'SUCCEEDED', null, svc.now());
    });
  }

  /** OrganizationAccountAccessRole: trusts the management account, with AdministratorAccess (skipped if no IAM). */
  private async createAccessRole(accountId: string, managementAccountId: string, roleName: string): Promise<void> {
    const core = this.svc.core;
    if (!core.hasService('iam')) return;
    const caller = { accountId, region: core.config.defaultRegion };
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: 'sts:AssumeRole' },
      ],
    };
    try {
      try {
        await core.call(
          'iam',
          'CreateRole',
          { RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) },
          caller,
        );
      } catch (err) {
        if (!(err instanceof AwsError && err.code === 'EntityAlreadyExists')) throw err;
      }
      await core.call('iam', 'AttachRolePolicy', { RoleName: roleName, PolicyArn: ADMIN_POLICY }, caller);
    } catch {
      this.roleFailures++;
    }
  }
}
