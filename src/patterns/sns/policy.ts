/**
 * SNS subscription filter policies: validation (Subscribe / SetSubscriptionAttributes) and matching against message
 * attributes or a JSON message body.
 *
 * SNS runs the same engine as EventBridge (so the grammar and most messages are shared) with its own limits: no
 * `wildcard`, numbers within ±1e9, at most five keys and 150 value combinations, and no nesting for attribute
 * policies.
 */
import { compile } from '../compile.js';
import { CompileError } from '../errors.js';
import type { Branch } from '../matchers.js';
import { matchBranches } from '../match.js';
import { SNS_LIMITS } from '../numbers.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** The operation the policy arrived with decides the message prefix AWS uses. */
export type FilterPolicyOperation = 'Subscribe' | 'SetSubscriptionAttributes';

/** AWS's InvalidParameter for a bad filter policy. */
export class FilterPolicyError extends Error {
  readonly code = 'InvalidParameter';
  constructor(
    /** Text after the operation's prefix, e.g. "FilterPolicy: Filter policy is too complex". */
    readonly detail: string,
  ) {
    super(`Invalid parameter: ${detail}`);
    this.name = 'FilterPolicyError';
  }

  /** Subscribe reports attribute errors as "Invalid parameter: Attributes Reason: ...". */
  messageFor(operation: FilterPolicyOperation): string {
    return operation === 'Subscribe' ? `Invalid parameter: Attributes Reason: ${this.detail}` : this.message;
  }
}

export interface CompiledFilterPolicy {
  readonly scope: FilterPolicyScope;
  /** Empty when the policy is `{}` (which accepts every message). */
  readonly branches: readonly Branch[];
}

const DIALECT = { limits: SNS_LIMITS, unsupported: new Set(['wildcard']) };
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

export function compileFilterPolicy(json: string, scope: FilterPolicyScope): CompiledFilterPolicy {
  if (/^\s*\{\s*\}\s*$/.test(json)) return { scope, branches: [] };
  let compiled;
  try {
    compiled = compile(json, DIALECT);
  } catch (e) {
    if (e instanceof CompileError) throw new FilterPolicyError(`FilterPolicy: ${e.message}`);
    throw e;
  }
  const leaves = compiled.leaves;
  if (scope === 'MessageAttributes' && leaves.some((b) => [...b.values()].some((l) => l.depth > 1))) {
    throw new FilterPolicyError('Filter policy scope MessageAttributes does not support nested filter policy');
  }
  if (leaves.some((b) => b.size > MAX_KEYS)) {
    throw new FilterPolicyError(`FilterPolicy: Filter policy can not have more than ${MAX_KEYS} keys`);
  }
  // SNS documents the complexity as the product of each array's value count times its key's nesting depth;
  // `$or` branches add up.
  let combinations = 0;
  for (const branch of leaves) {
    let product = 1;
    for (const leaf of branch.values()) product *= leaf.values * leaf.depth;
    combinations += product;
  }
  if (combinations > MAX_COMBINATIONS) throw new FilterPolicyError('FilterPolicy: Filter policy is too complex');
  return { scope, branches: compiled.branches };
}

export interface MessageAttribute {
  Type: 'String' | 'Number' | 'String.Array' | 'Binary' | (string & {});
  Value: string;
}

/** The JSON value SNS matches an attribute as; Binary (and unparseable values) are not matchable at all. */
function attributeValue(attr: MessageAttribute): unknown {
  if (attr.Type === 'String.Array') {
    try {
      const parsed: unknown = JSON.parse(attr.Value);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (attr.Type.startsWith('String')) return attr.Value;
  if (attr.Type.startsWith('Number')) {
    const n = Number(attr.Value);
    return attr.Value.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function matchesMessageAttributes(
  policy: CompiledFilterPolicy,
  attributes: Record<string, MessageAttribute>,
): boolean {
  if (policy.branches.length === 0) return true;
  const event: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(attributes)) {
    const value = attributeValue(attr);
    if (value !== undefined) event[name] = value;
  }
  return matchBranches(policy.branches, event, SNS_LIMITS);
}

/** Body policies only apply to JSON-object bodies; any other body never matches. */
export function matchesBody(policy: CompiledFilterPolicy, body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  if (policy.branches.length === 0) return true;
  return matchBranches(policy.branches, parsed, SNS_LIMITS);
}

/** Matches a message against the policy according to its scope. */
export function matchesMessage(
  policy: CompiledFilterPolicy,
  message: { body: string; attributes: Record<string, MessageAttribute> },
): boolean {
  return policy.scope === 'MessageBody'
    ? matchesBody(policy, message.body)
    : matchesMessageAttributes(policy, message.attributes);
}
