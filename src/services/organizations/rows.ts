// Row shapes of the Organizations tables (see schema.ts), as the store returns them.
export interface OrgRow {
  id: string;
  management_account_id: string;
  feature_set: string;
  root_id: string;
  created_at: number;
}
export interface AccountRow {
  account_id: string;
  org_id: string;
  parent_id: string;
  name: string;
  email: string;
  status: string;
  joined_method: string;
  joined_at: number;
}
export interface OuRow {
  id: string;
  org_id: string;
  parent_id: string;
  name: string;
  created_at: number;
}
export interface PolicyRow {
  id: string;
  org_id: string;
  type: string;
  name: string;
  description: string;
  content: string;
  created_at: number;
}
export interface AttachmentRow {
  seq: number;
  policy_id: string;
  target_id: string;
}
export interface CreateStatusRow {
  id: string;
  org_id: string;
  account_name: string;
  email: string;
  account_id: string;
  state: string;
  failure_reason: string | null;
  request: string;
  requested_at: number;
  completed_at: number | null;
}
export interface HandshakeRow {
  id: string;
  org_id: string;
  target_account_id: string;
  state: string;
  notes: string | null;
  requested_at: number;
  expires_at: number;
}
export interface Tag {
  Key: string;
  Value: string;
}
