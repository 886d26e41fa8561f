// ARNs of Step Functions resources, and the name rules AWS applies to state machines, executions and activities.
import { SfnErrors } from './errors.js';

export type ArnKind = 'stateMachine' | 'execution' | 'express' | 'activity';

export interface ParsedArn {
  partition: string;
  region: string;
  accountId: string;
  kind: ArnKind;
  /** The resource parts after the kind, e.g. [smName] / [smName, version] / [smName, execName]. */
  parts: string[];
}

export function stateMachineArn(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
}

export function activityArn(region: string, accountId: string, name: string): string {
  return `arn:aws:states:${region}:${accountId}:activity:${name}`;
}

export function executionArn(smArn: string, name: string, express: boolean, uuid: string): string {
  const p = parseArn(smArn) as ParsedArn;
  const base = `arn:aws:states:${p.region}:${p.accountId}`;
  return express ? `${base}:express:${p.parts[0]}:${name}:${uuid}` : `${base}:execution:${p.parts[0]}:${name}`;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const s = arn.split(':');
  if (s.length < 7 || s[0] !== 'arn' || !s[1] || s[2] !== 'states' || !s[3] || !/^\d{12}$/.test(s[4] ?? '')) {
    return undefined;
  }
  const kind = s[5] as ArnKind;
  if (!['stateMachine', 'execution', 'express', 'activity'].includes(kind)) return undefined;
  const parts = s.slice(6);
  if (parts.some((x) => x === '')) return undefined;
  return { partition: s[1], region: s[3], accountId: s[4] as string, kind, parts };
}

/** Parses an ARN that must be of one of `kinds`, answering InvalidArn the way AWS words it otherwise. */
export function requireArn(arn: string, kinds: ArnKind[], maxParts = 1): ParsedArn {
  const p = parseArn(arn);
  if (!p) {
    if (!arn.startsWith('arn:')) throw SfnErrors.invalidArn(`Invalid ARN prefix: ${arn}`);
    throw SfnErrors.invalidArn(`Resource type not valid in this context: ${arn.split(':')[5] ?? ''}`);
  }
  if (!kinds.includes(p.kind)) throw SfnErrors.invalidArn(`Resource type not valid in this context: ${p.kind}`);
  if (p.parts.length > maxParts) throw SfnErrors.invalidArn(`Invalid Arn: ${arn}`);
  return p;
}

// Whitespace, brackets, wildcards, the listed specials and control characters are not allowed in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function validName(name: string): boolean {
  return name.length >= 1 && name.length <= 80 && !FORBIDDEN.test(name);
}

export function requireName(name: string): void {
  if (!validName(name)) throw SfnErrors.invalidName(name);
}
