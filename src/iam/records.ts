// The stored shape of IAM entities and STS sessions (JSON in the store), shared by the IAM and STS services and
// the authorizer.

export interface TagRec {
  Key: string;
  Value: string;
}

/** Inline policies by name (documents as given, not URL-encoded) and attached managed policy ARNs. */
export interface Permissions {
  inline: Record<string, string>;
  attached: string[];
}

export interface UserRec extends Permissions {
  path: string;
  name: string;
  id: string;
  createDate: number;
  tags: TagRec[];
  boundary?: string;
  groups: string[];
}

export interface GroupRec extends Permissions {
  path: string;
  name: string;
  id: string;
  createDate: number;
}

export interface RoleRec extends Permissions {
  path: string;
  name: string;
  id: string;
  createDate: number;
  trust: string;
  description?: string;
  maxSession: number;
  tags: TagRec[];
  boundary?: string;
  lastUsed?: { date: number; region: string };
  serviceLinked?: boolean;
}

export interface PolicyVersionRec {
  id: string;
  document: string;
  createDate: number;
}

export interface PolicyRec {
  path: string;
  name: string;
  id: string;
  createDate: number;
  updateDate: number;
  description?: string;
  tags: TagRec[];
  defaultVersion: string;
  versions: PolicyVersionRec[];
  nextVersion: number;
}

export interface ProfileRec {
  path: string;
  name: string;
  id: string;
  createDate: number;
  roles: string[];
  tags: TagRec[];
}

export interface EntityKinds {
  user: UserRec;
  group: GroupRec;
  role: RoleRec;
  policy: PolicyRec;
  profile: ProfileRec;
}
export type EntityKind = keyof EntityKinds;

export interface AccountRec {
  aliases: string[];
  passwordPolicy?: Record<string, number | boolean>;
}

export interface AccessKeyRow {
  key_id: string;
  account_id: string;
  user_name: string;
  secret: string;
  status: string;
  created_at: number;
  last_used_at: number | null;
  last_service: string | null;
  last_region: string | null;
}

/** What an STS session remembers about its caller (the role session or federated user it stands for). */
export interface SessionData {
  type: 'AssumedRole' | 'User' | 'Root';
  /** The session's own ARN (assumed-role ARN, or the IAM user/root for GetSessionToken). */
  arn: string;
  /** AROA...:session, AIDA..., or the account id. */
  userId: string;
  roleName?: string;
  sessionName?: string;
  /** GetSessionToken by an IAM user: that user's name. */
  userName?: string;
  /** Session policies (inline document and managed policy ARNs). */
  policy?: string;
  policyArns?: string[];
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  issuedAt: number;
}

export interface SessionRow {
  key_id: string;
  account_id: string;
  secret: string;
  token: string;
  expires_at: number;
  data: string;
}
