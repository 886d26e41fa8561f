// Which trails log an event: the trail's reach (its account or organization, its region or all regions, global
// service events) and its event selectors (basic: read/write, management events, data resources; advanced:
// field conditions).
import type { AdvancedEventSelector, AdvancedFieldSelector, EventSelector, TrailRec } from './api.js';
import { isGlobalSource } from './classify.js';
import type { BuiltEvent } from './record.js';

export const DEFAULT_SELECTORS: EventSelector[] = [
  { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
];

/** Organization lookups the matcher needs: the management account of an account's organization. */
export type OrgOf = (accountId: string) => { id: string; managementAccountId: string } | undefined;

export function trailReaches(t: TrailRec, e: BuiltEvent, orgOf: OrgOf): boolean {
  if (!t.logging) return false;
  if (e.recipientAccountId !== t.accountId) {
    if (!t.isOrganizationTrail) return false;
    const org = orgOf(e.recipientAccountId);
    if (!org || org.managementAccountId !== t.accountId || (t.organizationId && org.id !== t.organizationId))
      return false;
  }
  if (isGlobalSource(e.eventSource) && !t.includeGlobalServiceEvents) return false;
  return t.isMultiRegionTrail || e.region === t.homeRegion;
}

export function trailSelects(t: TrailRec, e: BuiltEvent): boolean {
  if (t.advancedEventSelectors && t.advancedEventSelectors.length > 0) {
    return t.advancedEventSelectors.some((s) => advancedMatches(s, e));
  }
  return (t.eventSelectors ?? DEFAULT_SELECTORS).some((s) => basicMatches(s, e));
}

function basicMatches(s: EventSelector, e: BuiltEvent): boolean {
  const rw = s.ReadWriteType ?? 'All';
  if ((rw === 'ReadOnly' && !e.readOnly) || (rw === 'WriteOnly' && e.readOnly)) return false;
  if (e.kind === 'management') {
    return s.IncludeManagementEvents !== false && !(s.ExcludeManagementEventSources ?? []).includes(e.eventSource);
  }
  return (s.DataResources ?? []).some((d) =>
    e.resources.some((r) => d.Type === r.type && (d.Values ?? []).some((v) => r.arn.startsWith(v))),
  );
}

function fieldValues(field: string, e: BuiltEvent): string[] {
  switch (field) {
    case 'eventCategory':
      return [e.kind === 'management' ? 'Management' : 'Data'];
    case 'eventSource':
      return [e.eventSource];
    case 'eventName':
      return [e.eventName];
    case 'readOnly':
      return [String(e.readOnly)];
    case 'eventType':
      return ['AwsApiCall'];
    case 'errorCode':
      return typeof e.record.errorCode === 'string' ? [e.record.errorCode] : [];
    case 'userIdentity.arn': {
      const arn = (e.record.userIdentity as { arn?: string }).arn;
      return arn ? [arn] : [];
    }
    case 'resources.type':
      return e.resources.map((r) => r.type);
    case 'resources.ARN':
      return e.resources.map((r) => r.arn);
    case 'sessionCredentialFromConsole':
      return ['false'];
    default:
      return [];
  }
}

function fieldMatches(f: AdvancedFieldSelector, e: BuiltEvent): boolean {
  const values = fieldValues(f.Field, e);
  const any = (list: string[] | undefined, test: (v: string, c: string) => boolean) =>
    list === undefined || values.some((v) => list.some((c) => test(v, c)));
  const none = (list: string[] | undefined, test: (v: string, c: string) => boolean) =>
    list === undefined || !values.some((v) => list.some((c) => test(v, c)));
  return (
    any(f.Equals, (v, c) => v === c) &&
    any(f.StartsWith, (v, c) => v.startsWith(c)) &&
    any(f.EndsWith, (v, c) => v.endsWith(c)) &&
    none(f.NotEquals, (v, c) => v === c) &&
    none(f.NotStartsWith, (v, c) => v.startsWith(c)) &&
    none(f.NotEndsWith, (v, c) => v.endsWith(c))
  );
}

function advancedMatches(s: AdvancedEventSelector, e: BuiltEvent): boolean {
  return s.FieldSelectors.every((f) => fieldMatches(f, e));
}

/** Whether a trail logs any data events (the recorder then keeps data events instead of skipping them). */
export function selectsDataEvents(t: TrailRec): boolean {
  if (!t.logging) return false;
  if (t.advancedEventSelectors && t.advancedEventSelectors.length > 0) {
    return t.advancedEventSelectors.some((s) =>
      s.FieldSelectors.some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Data')),
    );
  }
  return (t.eventSelectors ?? []).some((s) => (s.DataResources ?? []).length > 0);
}
