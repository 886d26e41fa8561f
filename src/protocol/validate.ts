// Input validation from the model's constraint traits (required, length, range, pattern, enum), run by the
// pipeline before any handler. Violations are collected in AWS's order and formatted per service family.
import type { Constraints, MemberModel, ServiceModel } from './model.js';
import { AwsError, CommonErrors } from './errors.js';
import { isRecord, shapeOf } from './shapes.js';

export interface Violation {
  /** Dotted member path as the query protocol names it, e.g. `Entries.1.Id`. */
  path: string;
  /** Path in coral style (lower camel first letter per segment), e.g. `entries.1.member.id`. */
  coralPath: string;
  value: unknown;
  constraint: string;
  kind: 'required' | 'length' | 'range' | 'pattern' | 'enum';
}

const patternCache = new Map<string, RegExp | null>();

function compiled(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null; // a pattern JS can't compile is not enforced rather than rejecting valid input
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}

export function validateInput(model: ServiceModel, inputShape: string | undefined, input: Record<string, unknown>) {
  const out: Violation[] = [];
  if (inputShape) checkStructure(model, inputShape, input, '', '', out);
  return out;
}

// Per-shape facts the validator needs on every request, computed once: a structure's members with their coral
// names, and each member's effective constraints (member traits over the target's). Paths are only built for
// members that are present or missing-but-required, so an input pays for what it carries.
interface MemberPlan {
  name: string;
  coralName: string;
  member: MemberModel;
}
const memberPlans = new WeakMap<ServiceModel, Map<string, MemberPlan[] | null>>();
const mergedConstraints = new WeakMap<MemberModel, Constraints | undefined>();

function membersOf(model: ServiceModel, target: string): MemberPlan[] | null {
  let byShape = memberPlans.get(model);
  if (!byShape) memberPlans.set(model, (byShape = new Map()));
  let plan = byShape.get(target);
  if (plan === undefined) {
    const shape = shapeOf(model, target);
    plan =
      shape.type === 'structure' || shape.type === 'union'
        ? Object.entries(shape.members).map(([name, member]) => ({ name, coralName: lowerFirst(name), member }))
        : null;
    byShape.set(target, plan);
  }
  return plan;
}

function constraintsOf(model: ServiceModel, member: MemberModel): Constraints | undefined {
  if (mergedConstraints.has(member)) return mergedConstraints.get(member);
  const shape = shapeOf(model, member.target);
  // Some models put constraints on the member rather than the target shape; the member's win.
  const own = 'constraints' in shape ? shape.constraints : undefined;
  const k = member.constraints ? { ...own, ...member.constraints } : own;
  mergedConstraints.set(member, k);
  return k;
}

function checkStructure(
  model: ServiceModel,
  target: string,
  value: Record<string, unknown>,
  path: string,
  coral: string,
  out: Violation[],
): void {
  const members = membersOf(model, target);
  if (!members) return;
  for (const { name, coralName, member } of members) {
    const v = value[name];
    if (v === undefined || v === null) {
      if (member.required) {
        const p = path ? `${path}.${name}` : name;
        const c = coral ? `${coral}.${coralName}` : coralName;
        out.push({ path: p, coralPath: c, value: null, constraint: 'Member must not be null', kind: 'required' });
      }
      continue;
    }
    checkValue(model, member, v, path ? `${path}.${name}` : name, coral ? `${coral}.${coralName}` : coralName, out);
  }
}

function checkValue(
  model: ServiceModel,
  member: MemberModel,
  v: unknown,
  p: string,
  c: string,
  out: Violation[],
): void {
  const shape = shapeOf(model, member.target);
  const k = constraintsOf(model, member);
  switch (shape.type) {
    case 'structure':
    case 'union':
      if (isRecord(v)) checkStructure(model, member.target, v, p, c, out);
      return;
    case 'list':
      if (!Array.isArray(v)) return;
      checkSize(v.length, v, k, p, c, out);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (item !== null && item !== undefined)
          checkValue(model, shape.member, item, `${p}.${i + 1}`, `${c}.${i + 1}.member`, out);
      }
      return;
    case 'map':
      if (!isRecord(v)) return;
      checkSize(Object.keys(v).length, v, k, p, c, out);
      for (const [key, item] of Object.entries(v)) {
        checkValue(model, shape.key, key, p, c, out);
        if (item !== null && item !== undefined)
          checkValue(model, shape.value, item, `${p}.${key}`, `${c}.${key}.member`, out);
      }
      return;
    case 'string':
    case 'enum':
      if (typeof v === 'string') checkString(v, k, p, c, out);
      return;
    case 'blob':
      if (v instanceof Uint8Array) checkSize(v.length, v, k, p, c, out);
      return;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'intEnum':
      if (typeof v === 'number') checkNumber(v, k, p, c, out);
      return;
    default:
      return;
  }
}

function checkString(v: string, k: Constraints | undefined, p: string, c: string, out: Violation[]): void {
  if (!k) return;
  if (k.enumValues && !k.enumValues.includes(v)) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'enum',
      constraint: `Member must satisfy enum value set: [${k.enumValues.join(', ')}]`,
    });
    return;
  }
  if (k.lengthMin !== undefined || k.lengthMax !== undefined) checkSize(codePoints(v), v, k, p, c, out);
  if (k.pattern !== undefined) {
    const re = compiled(k.pattern);
    if (re && !re.test(v)) {
      out.push({
        path: p,
        coralPath: c,
        value: v,
        kind: 'pattern',
        constraint: `Member must satisfy regular expression pattern: ${k.pattern}`,
      });
    }
  }
}

/** Length in code points (what smithy.api#length counts), without spreading the string into an array. */
function codePoints(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const u = v.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < v.length) {
      const next = v.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function checkSize(n: number, v: unknown, k: Constraints | undefined, p: string, c: string, out: Violation[]): void {
  if (!k) return;
  if (k.lengthMin !== undefined && n < k.lengthMin) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'length',
      constraint: `Member must have length greater than or equal to ${k.lengthMin}`,
    });
  } else if (k.lengthMax !== undefined && n > k.lengthMax) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'length',
      constraint: `Member must have length less than or equal to ${k.lengthMax}`,
    });
  }
}

function checkNumber(v: number, k: Constraints | undefined, p: string, c: string, out: Violation[]): void {
  if (!k) return;
  if (k.intEnumValues && !k.intEnumValues.includes(v)) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'enum',
      constraint: `Member must satisfy enum value set: [${k.intEnumValues.join(', ')}]`,
    });
  } else if (k.rangeMin !== undefined && v < k.rangeMin) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'range',
      constraint: `Member must have value greater than or equal to ${k.rangeMin}`,
    });
  } else if (k.rangeMax !== undefined && v > k.rangeMax) {
    out.push({
      path: p,
      coralPath: c,
      value: v,
      kind: 'range',
      constraint: `Member must have value less than or equal to ${k.rangeMax}`,
    });
  }
}

function render(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `'java.nio.HeapByteBuffer[pos=0 lim=${v.length} cap=${v.length}]'`;
  if (Array.isArray(v))
    return `'[${v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')}]'`;
  if (typeof v === 'object') return `'${JSON.stringify(v)}'`;
  return `'${String(v)}'`;
}

/** Coral-style ValidationException: "1 validation error detected: Value null at 'queueUrl' failed to ...". */
export function coralValidationError(violations: Violation[]): AwsError {
  const parts = violations.map(
    (v) => `Value ${render(v.value)} at '${v.coralPath}' failed to satisfy constraint: ${v.constraint}`,
  );
  const n = violations.length;
  return CommonErrors.validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`);
}

/** Query-family style (SQS, SNS, IAM...): MissingParameter for required members, else InvalidParameterValue. */
export function queryStyleValidationError(violations: Violation[]): AwsError {
  const first = violations[0]!;
  if (first.kind === 'required')
    return CommonErrors.missingParameter(`The request must contain the parameter ${first.path}.`);
  return CommonErrors.invalidParameterValue(
    `Value ${render(first.value)} for parameter ${first.path} is invalid. Reason: ${first.constraint}.`,
  ) as AwsError;
}
