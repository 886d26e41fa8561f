// Policy content checks per type. SCPs and RCPs go through the IAM policy grammar (Organizations' one error
// sentence); management policy types (tag, backup, AI opt-out, chatbot, declarative) must be a JSON object with
// that type's top-level key. Size quotas per type from the Organizations quotas page.
import { parsePolicy, PolicyDocumentError, ORGANIZATIONS_POLICY_ERROR } from '../../iam/policy/index.js';
import { OrgErrors } from './errors.js';

const MAX_SIZE: Record<string, number> = {
  SERVICE_CONTROL_POLICY: 5120,
  RESOURCE_CONTROL_POLICY: 5120,
  TAG_POLICY: 10000,
  BACKUP_POLICY: 10000,
  AISERVICES_OPT_OUT_POLICY: 2500,
  CHATBOT_POLICY: 10000,
  DECLARATIVE_POLICY_EC2: 10000,
};

/** The top-level key each management policy type's documents use. */
const TOP_LEVEL_KEY: Record<string, string> = {
  TAG_POLICY: 'tags',
  BACKUP_POLICY: 'plans',
  AISERVICES_OPT_OUT_POLICY: 'services',
  CHATBOT_POLICY: 'chatbot',
  DECLARATIVE_POLICY_EC2: 'ec2_attributes',
};

export function checkContent(type: string, content: string): void {
  if (content.length > (MAX_SIZE[type] ?? 10000)) throw OrgErrors.constraint('POLICY_CONTENT_LIMIT_EXCEEDED');
  if (type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY') {
    try {
      parsePolicy(content, type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp');
    } catch (err) {
      if (err instanceof PolicyDocumentError) {
        if (err.code === 'LimitExceeded') throw OrgErrors.constraint('POLICY_CONTENT_LIMIT_EXCEEDED');
        throw OrgErrors.malformedPolicy(err.message);
      }
      throw err;
    }
    return;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw OrgErrors.malformedPolicy(ORGANIZATIONS_POLICY_ERROR);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw OrgErrors.malformedPolicy(ORGANIZATIONS_POLICY_ERROR);
  }
  const key = TOP_LEVEL_KEY[type];
  for (const [k, v] of Object.entries(doc)) {
    if (k !== key || typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw OrgErrors.malformedPolicy(ORGANIZATIONS_POLICY_ERROR);
    }
  }
}
