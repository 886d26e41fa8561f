// Policy variables (2012-10-17 only): `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes `${*}`,
// `${?}`, `${$}` for literal characters. Literal `*`/`?` produced by escapes must not act as wildcards afterwards, so
// they are emitted as private-use characters (never valid in a policy document, which IAM limits to U+0009-U+00FF)
// that the matchers treat literally; `literal()` turns them back into plain characters for exact comparisons.
import type { ConditionContext } from './types.js';

export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

const VARIABLE = /\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^\s*([^,\s][^,]*?)\s*,\s*'([^']*)'\s*$/;

/** Reads a context key case-insensitively; `context` must already be keyed by lower-cased names (see lowerKeys). */
export function lookupKey(context: ConditionContext, key: string): ConditionContext[string] {
  return context[key.toLowerCase()];
}

export function lowerKeys(context: ConditionContext): ConditionContext {
  const out: ConditionContext = {};
  for (const [k, v] of Object.entries(context)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

export function hasVariables(text: string): boolean {
  return text.includes('${');
}

/**
 * Substitutes every variable in `text`. Returns undefined when a variable has no value (missing, or multivalued) and
 * no default: per the IAM User Guide, an element whose variable cannot be resolved does not match.
 */
export function resolveVariables(text: string, context: ConditionContext): string | undefined {
  if (!text.includes('${')) return text;
  let failed = false;
  const out = text.replace(VARIABLE, (_whole, inner: string) => {
    const body = inner.trim();
    if (body === '*') return LITERAL_STAR;
    if (body === '?') return LITERAL_QUESTION;
    if (body === '$') return '$';
    const withDefault = WITH_DEFAULT.exec(inner);
    const name = withDefault ? withDefault[1] : body;
    const value = lookupKey(context, name);
    if (value !== undefined && !Array.isArray(value)) return String(value);
    if (withDefault) return withDefault[2];
    failed = true;
    return '';
  });
  return failed ? undefined : out;
}

/** Turns escaped `${*}`/`${?}` back into plain characters, for operators that compare exactly. */
export function literal(text: string): string {
  if (!text.includes(LITERAL_STAR) && !text.includes(LITERAL_QUESTION)) return text;
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}
