// Whether one statement applies to a request: action, resource, principal and conditions must all match.
import { evaluateConditions } from './conditions.js';
import { matchPrincipalElement, type PrincipalMatch } from './principal.js';
import type { AuthzPrincipal, ConditionContext, PatternElement, Policy, Statement } from './types.js';
import { resolveVariables } from './variables.js';
import { actionMatch, resourceMatch } from './wildcard.js';

export interface StatementInput {
  principal: AuthzPrincipal;
  action: string;
  resource: string;
  /** Lower-cased keys. */
  context: ConditionContext;
  hasBoundary: boolean;
}

function actionApplies(el: PatternElement, action: string): boolean {
  const hit = el.values.some((p) => actionMatch(p, action));
  return el.negated ? !hit : hit;
}

function resourceApplies(el: PatternElement, resource: string, policy: Policy, context: ConditionContext): boolean {
  const variables = policy.version === '2012-10-17';
  const hit = el.values.some((raw) => {
    // An unresolvable variable leaves that entry matching nothing.
    const pattern = variables ? resolveVariables(raw, context) : raw;
    return pattern !== undefined && resourceMatch(pattern, resource);
  });
  return el.negated ? !hit : hit;
}

/** Returns how the principal matched when the statement applies, undefined when it does not. */
export function statementApplies(stmt: Statement, policy: Policy, input: StatementInput): PrincipalMatch | undefined {
  if (!actionApplies(stmt.action, input.action)) return undefined;
  if (stmt.resource && !resourceApplies(stmt.resource, input.resource, policy, input.context)) return undefined;
  let match: PrincipalMatch | undefined = 'direct';
  if (stmt.principal) {
    match = matchPrincipalElement(stmt.principal, input.principal, stmt.effect === 'Deny', input.hasBoundary);
    if (!match) return undefined;
  }
  if (!evaluateConditions(stmt.conditions, input.context, policy.version)) return undefined;
  return match;
}
