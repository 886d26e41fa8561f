// STS authorization. sts:AssumeRole (and sts:TagSession / sts:SetSourceIdentity when tags or a source identity are
// passed) are evaluated against the role's trust policy as its resource policy; GetCallerIdentity needs no
// permission at all (IAM documents it as always allowed, even under an explicit deny).
import type { AuthzTarget, RequestContext } from '../types.js';

type Input = Record<string, unknown>;

export function stsAuthorization(operation: string, input: Input, _ctx: RequestContext): AuthzTarget[] {
  switch (operation) {
    case 'GetCallerIdentity':
      return [];
    case 'AssumeRole': {
      const role = typeof input.RoleArn === 'string' ? input.RoleArn : '*';
      const tags = Array.isArray(input.Tags) ? (input.Tags as { Key: string; Value: string }[]) : [];
      const context: Record<string, string | string[]> = {};
      if (typeof input.ExternalId === 'string') context['sts:ExternalId'] = input.ExternalId;
      if (typeof input.RoleSessionName === 'string') context['sts:RoleSessionName'] = input.RoleSessionName;
      if (typeof input.SourceIdentity === 'string') context['sts:SourceIdentity'] = input.SourceIdentity;
      for (const t of tags) context[`aws:RequestTag/${t.Key}`] = t.Value;
      if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
      if (Array.isArray(input.TransitiveTagKeys))
        context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys as string[];
      const targets: AuthzTarget[] = [{ action: 'sts:AssumeRole', resource: role, context }];
      if (tags.length > 0) targets.push({ action: 'sts:TagSession', resource: role, context });
      if (input.SourceIdentity !== undefined)
        targets.push({ action: 'sts:SetSourceIdentity', resource: role, context });
      return targets;
    }
    default:
      return [{ action: `sts:${operation}`, resource: '*' }];
  }
}
