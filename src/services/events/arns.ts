// ARNs of EventBridge resources, and how a request names a bus (a name or an ARN).
import type { RequestContext } from '../types.js';
import { EventsErrors } from './errors.js';

export const DEFAULT_BUS = 'default';

export interface BusRef {
  accountId: string;
  region: string;
  name: string;
}

export function busArn(b: BusRef): string {
  return `arn:aws:events:${b.region}:${b.accountId}:event-bus/${b.name}`;
}

/** Rules on the default bus keep the short ARN form; rules on other buses carry the bus name. */
export function ruleArn(b: BusRef, rule: string): string {
  const path = b.name === DEFAULT_BUS ? rule : `${b.name}/${rule}`;
  return `arn:aws:events:${b.region}:${b.accountId}:rule/${path}`;
}

export function archiveArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:archive/${name}`;
}

export function replayArn(region: string, accountId: string, name: string): string {
  return `arn:aws:events:${region}:${accountId}:replay/${name}`;
}

const BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/(.+)$/;

export function parseBusArn(arn: string): BusRef | undefined {
  const m = BUS_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** The bus an EventBusName parameter names: a plain name in the caller's account, or a full ARN. */
export function busRef(nameOrArn: string | undefined, ctx: RequestContext): BusRef {
  if (nameOrArn === undefined || nameOrArn === '')
    return { accountId: ctx.accountId, region: ctx.region, name: DEFAULT_BUS };
  if (nameOrArn.startsWith('arn:')) {
    const ref = parseBusArn(nameOrArn);
    if (!ref)
      throw EventsErrors.validation(
        `Parameter ${nameOrArn} is not valid. Reason: Provided Arn is not in correct format.`,
      );
    return ref;
  }
  return { accountId: ctx.accountId, region: ctx.region, name: nameOrArn };
}

export interface ResourceRef {
  kind: 'rule' | 'event-bus';
  accountId: string;
  region: string;
  bus: string;
  name: string;
}

/** Taggable resources: rules (`rule/[bus/]name`) and event buses. */
export function parseResourceArn(arn: string): ResourceRef | undefined {
  const m = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):(rule|event-bus)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, region, accountId, kind, rest] = m as unknown as [string, string, string, 'rule' | 'event-bus', string];
  if (kind === 'event-bus') return { kind, accountId, region, bus: rest, name: rest };
  const slash = rest.lastIndexOf('/');
  return slash < 0
    ? { kind, accountId, region, bus: DEFAULT_BUS, name: rest }
    : { kind, accountId, region, bus: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
