// Multi-account landing zone (seed 003 part 03, seed 004 section 1): an organization with the seeds' OUs, seven
// accounts, the guardrail SCPs, cross-account roles with ExternalId, a Developer permission set per workload
// account, the SCP ∩ boundary ∩ identity demonstration, and the organization trail into the Log Archive bucket.
import { randomBytes } from 'node:crypto';
import type { Blueprint, BlueprintContext } from '../../src/blueprints/types.js';
import { deployAccess, destroyAccess } from './access.js';
import { accessChecks } from './checks-access.js';
import { organizationChecks } from './checks-org.js';
import { s3Checks } from './checks-s3.js';
import { deployLogging, deployWorkloadBaseline, destroyLogging } from './logging.js';
import { deployOrganization, destroyOrganization, type OrgOutputs } from './org.js';

function outputs(ctx: BlueprintContext): OrgOutputs {
  const o = ctx.outputs as Partial<OrgOutputs>;
  o.nonce ??= randomBytes(4).toString('hex');
  o.externalId ??= `landing-zone-${randomBytes(12).toString('hex')}`;
  o.createdOrganization ??= false;
  o.enabledScpType ??= false;
  o.rootId ??= '';
  o.ous ??= {};
  o.accounts ??= {} as OrgOutputs['accounts'];
  o.policies ??= {};
  return o as OrgOutputs;
}

export const blueprint: Blueprint = {
  name: 'landing-zone',
  description: 'Organizations landing zone: OUs, 7 accounts, guardrail SCPs, ExternalId roles (seeds 003/03, 004/1)',
  async deploy(ctx) {
    const out = outputs(ctx);
    await deployOrganization(ctx, out, () => deployWorkloadBaseline(ctx, out));
    await deployAccess(ctx, out);
    await deployLogging(ctx, out);
  },
  async verify(ctx) {
    const out = outputs(ctx);
    if (!out.rootId) return [{ name: 'deployed', ok: false, detail: 'run deploy first' }];
    return [...(await organizationChecks(ctx, out)), ...(await accessChecks(ctx, out)), ...(await s3Checks(ctx, out))];
  },
  async destroy(ctx) {
    const out = outputs(ctx);
    if (out.rootId) {
      await destroyLogging(ctx, out);
      await destroyAccess(ctx, out);
      await destroyOrganization(ctx, out);
    }
    for (const k of Object.keys(ctx.outputs)) delete ctx.outputs[k];
  },
};
