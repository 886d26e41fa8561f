// Condition block evaluation: every clause must hold (keys and operators are AND'ed); within a clause the policy values
// are OR'ed (NOR'ed for negated operators). Semantics for missing keys and set qualifiers follow the IAM User Guide.
import { NEGATED, POSITIVE_OF } from './operators.js';
import { positiveMatch } from './comparators.js';
import type { ConditionClause, ConditionContext, ConditionScalar, PolicyVersion } from './types.js';
import { resolveVariables } from './variables.js';

/** Policy values after variable substitution; undefined when every value referenced an unresolvable variable. */
function resolvedValues(
  clause: ConditionClause,
  context: ConditionContext,
  version: PolicyVersion,
): string[] | undefined {
  if (version !== '2012-10-17') return clause.values;
  const out: string[] = [];
  for (const v of clause.values) {
    const r = resolveVariables(v, context);
    if (r !== undefined) out.push(r);
  }
  return out.length === 0 && clause.values.length > 0 ? undefined : out;
}

function evaluateNull(policyValues: string[], present: boolean): boolean {
  // {"Null": {"k": "true"}} holds when k is absent; "false" when it is present.
  return policyValues.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' && present));
}

/** `context` must be keyed by lower-cased names (see lowerKeys). */
export function evaluateClause(clause: ConditionClause, context: ConditionContext, version: PolicyVersion): boolean {
  const values = resolvedValues(clause, context, version);
  if (values === undefined) return false;
  const raw = context[clause.key];
  // An empty list is IAM's "null data set": treated like an absent key.
  const requestValues: readonly ConditionScalar[] | undefined =
    raw === undefined ? undefined : Array.isArray(raw) ? (raw.length ? raw : undefined) : [raw as ConditionScalar];

  if (clause.operator === 'Null') return evaluateNull(values, requestValues !== undefined);

  const negated = NEGATED.has(clause.operator);
  if (requestValues === undefined) {
    if (clause.ifExists) return true;
    if (clause.qualifier === 'ForAllValues') return true;
    if (clause.qualifier === 'ForAnyValue') return false;
    return negated;
  }

  const positive = negated ? POSITIVE_OF[clause.operator]! : clause.operator;
  // One request value against all policy values: OR for positive operators, NOR for negated ones.
  const single = (v: ConditionScalar): boolean => {
    const hit = values.some((p) => positiveMatch(positive, p, v));
    return negated ? !hit : hit;
  };

  if (clause.qualifier === 'ForAllValues') return requestValues.every(single);
  if (clause.qualifier === 'ForAnyValue') return requestValues.some(single);
  // Without a qualifier a multivalued key matches when any value matches; a negated operator when none does.
  return negated ? requestValues.every(single) : requestValues.some(single);
}

export function evaluateConditions(
  clauses: readonly ConditionClause[],
  context: ConditionContext,
  version: PolicyVersion,
): boolean {
  return clauses.every((c) => evaluateClause(c, context, version));
}
