// Parses and validates a JSON policy document the way IAM (and Organizations, for SCPs/RCPs) does, into the
// normalized Policy the evaluator consumes.
import { LEGACY_PARSING_ERROR, ORGANIZATIONS_POLICY_ERROR, PolicyDocumentError } from './errors.js';
import { checkPolicySize, type SizeCheck } from './limits.js';
import {
  isObject,
  parseActions,
  parseCondition,
  parsePrincipal,
  parseResources,
  type PrincipalValidator,
  syntax,
} from './parse-elements.js';
import type { PatternElement, Policy, PolicyKind, PolicyVersion, PrincipalElement, Statement } from './types.js';

export interface ParseOptions {
  /** Reporting name stored on the Policy (policy ARN, inline policy name, ...). */
  name?: string;
  /** Size quota to enforce; defaults per kind (identity: managed 6144, trust 2048, scp/rcp 5120, session 2048). */
  size?: SizeCheck;
  /** Extra principal check, e.g. that a named role exists (IAM rejects trust policies naming unknown principals). */
  validatePrincipal?: PrincipalValidator;
  /** AWS-managed Organizations policies (RCPFullAWSAccess) may use Allow in an RCP; customer RCPs may not. */
  awsManaged?: boolean;
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const IAM_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'trust']);

const DEFAULT_SIZE: Record<PolicyKind, SizeCheck> = {
  identity: { sizeClass: 'managed' },
  boundary: { sizeClass: 'managed' },
  trust: { sizeClass: 'trust' },
  scp: { sizeClass: 'scp' },
  rcp: { sizeClass: 'rcp' },
  session: { sizeClass: 'session' },
  // Each service has its own resource-policy quota (S3 20 KB, SQS 8 KB, KMS 32 KB, ...): the caller passes it.
  resource: { sizeClass: 'unlimited' },
};

function unknownField(kind: PolicyKind, field: string): PolicyDocumentError {
  return kind === 'resource'
    ? new PolicyDocumentError(`Unknown field ${field}`, 'UnknownField')
    : syntax('UnknownField');
}

function pattern(stmt: Record<string, unknown>, field: string, notField: string): [unknown, boolean] | undefined {
  const has = field in stmt;
  const hasNot = notField in stmt;
  if (has && hasNot) throw syntax('ConflictingElements');
  if (!has && !hasNot) return undefined;
  return has ? [stmt[field], false] : [stmt[notField], true];
}

function parseStatement(raw: unknown, index: number, kind: PolicyKind, opts: ParseOptions): Statement {
  if (!isObject(raw)) throw syntax();
  for (const field of Object.keys(raw)) if (!STATEMENT_FIELDS.has(field)) throw unknownField(kind, field);

  const sid = raw.Sid;
  if (sid !== undefined && typeof sid !== 'string') throw syntax();
  if (typeof sid === 'string' && IAM_KINDS.has(kind) && !/^[0-9A-Za-z]*$/.test(sid)) {
    throw new PolicyDocumentError(
      'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
      'Syntax',
    );
  }

  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') throw syntax('InvalidEffect');
  if (kind === 'rcp' && effect === 'Allow' && !opts.awsManaged) throw syntax('PolicyTypeRequirement');

  const actionRaw = pattern(raw, 'Action', 'NotAction');
  if (!actionRaw) throw new PolicyDocumentError('Policy statement must contain actions.', 'ActionRequired');
  if (kind === 'rcp' && actionRaw[1]) throw syntax('PolicyTypeRequirement');
  const action: PatternElement = { negated: actionRaw[1], values: parseActions(actionRaw[0], kind) };

  const principalRaw = pattern(raw, 'Principal', 'NotPrincipal');
  let principal: PrincipalElement | undefined;
  if (kind === 'resource' || kind === 'trust' || kind === 'rcp') {
    if (!principalRaw) throw new PolicyDocumentError('Missing required field Principal', 'PrincipalRequired');
    principal = { negated: principalRaw[1], spec: parsePrincipal(principalRaw[0], opts.validatePrincipal) };
    // RCPs constrain every caller: Principal must be exactly "*".
    if (kind === 'rcp' && (principal.negated || principalRaw[0] !== '*')) throw syntax('PolicyTypeRequirement');
  } else if (principalRaw) {
    throw new PolicyDocumentError('Policy document should not specify a principal.', 'PrincipalProhibited');
  }

  const resourceRaw = pattern(raw, 'Resource', 'NotResource');
  let resource: PatternElement | undefined;
  if (kind === 'trust') {
    // In a trust policy the role is the resource.
    if (resourceRaw) {
      throw new PolicyDocumentError(
        `Has prohibited field ${resourceRaw[1] ? 'NotResource' : 'Resource'}`,
        'ResourceProhibited',
      );
    }
  } else {
    if (!resourceRaw) throw new PolicyDocumentError('Policy statement must contain resources.', 'ResourceRequired');
    resource = { negated: resourceRaw[1], values: parseResources(resourceRaw[0]) };
  }

  const conditions = raw.Condition === undefined ? [] : parseCondition(raw.Condition);
  const stmt: Statement = { index, effect, action, conditions };
  if (typeof sid === 'string') stmt.sid = sid;
  if (principal) stmt.principal = principal;
  if (resource) stmt.resource = resource;
  return stmt;
}

function parseDocument(text: string, kind: PolicyKind, opts: ParseOptions): Policy {
  checkPolicySize(text, opts.size ?? DEFAULT_SIZE[kind]);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw syntax();
  }
  if (!isObject(doc)) throw syntax();
  for (const field of Object.keys(doc)) if (!TOP_LEVEL.has(field)) throw unknownField(kind, field);

  let version: PolicyVersion = '2008-10-17';
  if (doc.Version !== undefined) {
    if (typeof doc.Version !== 'string') throw syntax();
    // Anything but the two published versions falls through to the legacy grammar, which rejects it.
    if (doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') {
      throw new PolicyDocumentError(LEGACY_PARSING_ERROR, 'LegacyParsing');
    }
    version = doc.Version;
  }
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw syntax();

  const rawStatements = Array.isArray(doc.Statement)
    ? doc.Statement
    : doc.Statement === undefined
      ? []
      : [doc.Statement];
  if (rawStatements.length === 0) throw syntax();
  const statements = rawStatements.map((s, i) => parseStatement(s, i, kind, opts));

  if (IAM_KINDS.has(kind)) {
    const sids = statements.map((s) => s.sid).filter((s): s is string => s !== undefined && s !== '');
    if (new Set(sids).size !== sids.length) {
      throw new PolicyDocumentError('Statement IDs (SID) in a single policy must be unique.', 'Syntax');
    }
  }

  const policy: Policy = { kind, version, statements };
  if (opts.name !== undefined) policy.name = opts.name;
  if (typeof doc.Id === 'string') policy.id = doc.Id;
  return policy;
}

/**
 * Parses a policy document for the given use. Throws PolicyDocumentError (code MalformedPolicyDocument, or
 * LimitExceeded for size) with IAM's message; SCP/RCP problems carry Organizations' single message instead.
 */
export function parsePolicy(text: string, kind: PolicyKind, opts: ParseOptions = {}): Policy {
  try {
    return parseDocument(text, kind, opts);
  } catch (err) {
    if ((kind === 'scp' || kind === 'rcp') && err instanceof PolicyDocumentError && err.code !== 'LimitExceeded') {
      throw new PolicyDocumentError(ORGANIZATIONS_POLICY_ERROR, err.reason);
    }
    throw err;
  }
}
