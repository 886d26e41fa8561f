// Trail names and ARNs: AWS's naming rules, and finding the trail a Name parameter (name or ARN) refers to among
// the trails the caller can see in its region (its own, its multi-Region "shadow" trails, its organization's).
import type { RequestContext } from '../types.js';
import type { TrailRec } from './api.js';
import { CloudTrailErrors } from './errors.js';
import type { CloudTrailState } from './state.js';

const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

export function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

export function parseTrailArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = TRAIL_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function validateTrailName(name: string): void {
  const E = CloudTrailErrors.invalidTrailName;
  if (name.length === 0) throw E('Trail name cannot be blank!');
  if (name.length < 3)
    throw E(
      `Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`,
    );
  if (name.length > 128)
    throw E(
      `Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`,
    );
  if (!/^[A-Za-z0-9]/.test(name)) throw E('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw E('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw E(
      'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
    );
  if (/[._-]{2}/.test(name)) throw E('Trail name cannot contain adjacent periods, underscores or dashes.');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) throw E('Trail name cannot be formatted as an IP address.');
}

/** Trails visible to an account in a region: its own and its organization's, home or multi-Region. */
export function visibleTrails(state: CloudTrailState, accountId: string, region: string, shadows = true): TrailRec[] {
  const org = state.orgOf(accountId);
  return state.trails().filter((t) => {
    const mine =
      t.accountId === accountId ||
      (t.isOrganizationTrail && org !== undefined && org.managementAccountId === t.accountId);
    if (!mine) return false;
    return t.homeRegion === region || (shadows && t.isMultiRegionTrail);
  });
}

export interface FindOptions {
  /** Write operations must be called in the trail's home region by its owner. */
  home?: boolean;
}

/** The trail a Name / TrailName parameter refers to. */
export function findTrail(
  state: CloudTrailState,
  nameOrArn: string,
  ctx: RequestContext,
  opts: FindOptions = {},
): TrailRec {
  let t: TrailRec | undefined;
  let arn: string;
  if (nameOrArn.startsWith('arn:')) {
    if (!parseTrailArn(nameOrArn)) throw CloudTrailErrors.arnInvalid(nameOrArn);
    arn = nameOrArn;
    t = visibleTrails(state, ctx.accountId, ctx.region).find((x) => x.arn === nameOrArn);
    // A trail's ARN also reaches it from another region (GetTrail / GetTrailStatus of a single-Region trail).
    if (!t && !opts.home) {
      t = state.trails().find((x) => x.arn === nameOrArn && x.accountId === ctx.accountId);
    }
  } else {
    validateTrailName(nameOrArn);
    arn = trailArn(ctx.region, ctx.accountId, nameOrArn);
    const visible = visibleTrails(state, ctx.accountId, ctx.region);
    t =
      visible.find((x) => x.name === nameOrArn && x.accountId === ctx.accountId && x.homeRegion === ctx.region) ??
      visible.find((x) => x.name === nameOrArn);
  }
  if (!t) throw CloudTrailErrors.trailNotFound(arn, ctx.accountId);
  if (opts.home) {
    if (t.homeRegion !== ctx.region) throw CloudTrailErrors.invalidHomeRegion(t.arn, t.homeRegion, ctx.region);
    if (t.accountId !== ctx.accountId) throw CloudTrailErrors.notManagementAccount(ctx.accountId);
  }
  return t;
}
