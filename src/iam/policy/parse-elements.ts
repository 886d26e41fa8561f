// Validation and normalization of the individual statement elements. Messages follow IAM's MalformedPolicyDocument
// wording; `reason` lets other services substitute theirs.
import { PolicyDocumentError, SYNTAX_ERROR } from './errors.js';
import { CONDITION_OPERATORS } from './operators.js';
import type { ConditionClause, ConditionOperatorName, PolicyKind, PrincipalSpec, SetQualifier } from './types.js';

export type PrincipalValidator = (kind: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser', value: string) => boolean;

const VENDOR_MESSAGE = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

export function syntax(reason: PolicyDocumentError['reason'] = 'Syntax'): PolicyDocumentError {
  return new PolicyDocumentError(SYNTAX_ERROR, reason);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string or a non-empty array of strings (the "string or list" form of Action, Resource, principal lists). */
export function stringList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

export function parseActions(raw: unknown, kind: PolicyKind): string[] {
  const list = stringList(raw);
  if (!list) throw syntax('InvalidAction');
  if (list.length === 0) throw new PolicyDocumentError('Policy statement must contain actions.', 'ActionRequired');
  for (const action of list) {
    if (action === '*') continue;
    const colons = action.split(':').length - 1;
    if (colons === 0) throw new PolicyDocumentError(VENDOR_MESSAGE, 'InvalidAction');
    if (colons > 1) throw new PolicyDocumentError('Actions/Condition can contain only one colon.', 'InvalidAction');
    if (action.startsWith(':') || /\s/.test(action)) throw new PolicyDocumentError(VENDOR_MESSAGE, 'InvalidAction');
  }
  if (kind === 'trust' && list.some((a) => !a.toLowerCase().startsWith('sts:'))) {
    throw new PolicyDocumentError('AssumeRole policy may only specify STS AssumeRole actions.', 'InvalidAction');
  }
  return list;
}

export function parseResources(raw: unknown): string[] {
  const list = stringList(raw);
  if (!list) throw syntax('InvalidResource');
  if (list.length === 0) throw new PolicyDocumentError('Policy statement must contain resources.', 'ResourceRequired');
  for (const resource of list) {
    if (resource === '*') continue;
    const parts = resource.split(':');
    // A short ARN is only acceptable when a trailing `*` stands for the remaining segments ("arn:aws:s3:*").
    if (parts[0] !== 'arn' || parts.length < 3 || (parts.length < 6 && !resource.endsWith('*'))) {
      throw new PolicyDocumentError(`Resource ${resource} must be in ARN format or "*".`, 'InvalidResource');
    }
    const partition = parts[1];
    if (
      !partition.includes('*') &&
      !partition.includes('?') &&
      !partition.includes('${') &&
      !PARTITIONS.has(partition)
    ) {
      throw new PolicyDocumentError(
        `Partition "${partition}" is not valid for resource "${resource}".`,
        'InvalidResource',
      );
    }
    const vendor = parts[2];
    if (vendor === '' || vendor.includes('*') || vendor.includes('?')) {
      throw new PolicyDocumentError(
        'Resource vendor must be fully qualified and cannot contain regexes.',
        'InvalidResource',
      );
    }
  }
  return list;
}

const ACCOUNT_ID = /^\d{12}$/;
const AWS_PRINCIPAL =
  /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

function invalidPrincipal(type: string, value: string): PolicyDocumentError {
  return new PolicyDocumentError(`Invalid principal in policy: "${type}":"${value}"`, 'InvalidPrincipal');
}

function checkPrincipal(type: keyof typeof PRINCIPAL_KEYS, value: string, validate?: PrincipalValidator): void {
  let ok: boolean;
  switch (type) {
    case 'AWS':
      // Only a lone "*" may be a wildcard; ARNs must name real principal shapes.
      ok = value === '*' || ACCOUNT_ID.test(value) || (AWS_PRINCIPAL.test(value) && !/[*?]/.test(value));
      break;
    case 'Service':
      ok = /^[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z0-9.-]+$/.test(value);
      break;
    case 'Federated':
      ok = value.length > 0 && !/[*?\s]/.test(value);
      break;
    case 'CanonicalUser':
      ok = /^[0-9a-fA-F]{64}$/.test(value);
      break;
  }
  if (ok && validate && value !== '*' && !validate(type, value)) ok = false;
  if (!ok) throw invalidPrincipal(type, value);
}

const PRINCIPAL_KEYS = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
} as const;

export function parsePrincipal(raw: unknown, validate?: PrincipalValidator): PrincipalSpec {
  const spec: PrincipalSpec = { any: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (raw === '*') return { ...spec, any: true };
  if (typeof raw === 'string')
    throw new PolicyDocumentError(`Invalid principal in policy: "${raw}"`, 'InvalidPrincipal');
  if (!isObject(raw) || Object.keys(raw).length === 0) throw syntax('InvalidPrincipal');
  for (const [type, value] of Object.entries(raw)) {
    if (!(type in PRINCIPAL_KEYS)) throw invalidPrincipal(type, typeof value === 'string' ? value : '');
    const list = stringList(value);
    if (!list || list.length === 0) throw syntax('InvalidPrincipal');
    const key = type as keyof typeof PRINCIPAL_KEYS;
    for (const v of list) checkPrincipal(key, v, validate);
    if (key === 'AWS' && list.includes('*')) spec.any = true;
    spec[PRINCIPAL_KEYS[key]].push(...list);
  }
  return spec;
}

const OPERATOR_BY_LOWER = new Map<string, ConditionOperatorName>(
  CONDITION_OPERATORS.map((op) => [op.toLowerCase(), op]),
);

function parseOperator(raw: string): Pick<ConditionClause, 'operator' | 'qualifier' | 'ifExists'> {
  let name = raw;
  let qualifier: SetQualifier | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') qualifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
    else throw syntax('InvalidCondition');
    name = name.slice(colon + 1);
  }
  let ifExists = false;
  let operator = OPERATOR_BY_LOWER.get(name.toLowerCase());
  if (!operator && name.toLowerCase().endsWith('ifexists')) {
    operator = OPERATOR_BY_LOWER.get(name.slice(0, -'ifexists'.length).toLowerCase());
    ifExists = true;
    // Null tests existence itself, so it has no IfExists form.
    if (operator === 'Null') operator = undefined;
  }
  if (!operator) throw syntax('InvalidCondition');
  return { operator, qualifier, ifExists };
}

export function parseCondition(raw: unknown): ConditionClause[] {
  if (!isObject(raw)) throw syntax('InvalidCondition');
  const clauses: ConditionClause[] = [];
  for (const [op, block] of Object.entries(raw)) {
    const parsed = parseOperator(op);
    if (!isObject(block) || Object.keys(block).length === 0) throw syntax('InvalidCondition');
    for (const [key, value] of Object.entries(block)) {
      if (!key.includes(':')) throw new PolicyDocumentError(VENDOR_MESSAGE, 'InvalidCondition');
      const list = Array.isArray(value) ? value : [value];
      const values: string[] = [];
      for (const v of list) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw syntax('InvalidCondition');
        values.push(String(v));
      }
      clauses.push({ raw: op, ...parsed, key: key.toLowerCase(), values });
    }
  }
  return clauses;
}
