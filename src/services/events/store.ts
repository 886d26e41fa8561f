// All SQL for buses, rules and targets, behind narrow methods with statements prepared once.
// (Archives and replays live in archive-store.ts.)
import type { Db } from '../../store/store.js';

export interface BusRow {
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  kms_key: string | null;
  dlq_arn: string | null;
  policy: string | null;
  tags: string;
  created_at: number;
  modified_at: number;
}

export interface RuleRow {
  account_id: string;
  region: string;
  bus: string;
  name: string;
  pattern: string | null;
  schedule: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  managed_by: string | null;
  created_by: string;
  tags: string;
  created_at: number;
}

export interface TargetRow {
  account_id: string;
  region: string;
  bus: string;
  rule: string;
  id: string;
  arn: string;
  spec: string;
}

export class EventsStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      bus: p(`SELECT * FROM events_buses WHERE account_id = ? AND region = ? AND name = ?`),
      buses: p(`SELECT * FROM events_buses WHERE account_id = ? AND region = ? ORDER BY name`),
      insertBus: p(`INSERT INTO events_buses (account_id, region, name, description, kms_key, dlq_arn, policy, tags,
        created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateBus: p(`UPDATE events_buses SET description = ?, kms_key = ?, dlq_arn = ?, policy = ?, tags = ?,
        modified_at = ? WHERE account_id = ? AND region = ? AND name = ?`),
      deleteBus: p(`DELETE FROM events_buses WHERE account_id = ? AND region = ? AND name = ?`),
      rule: p(`SELECT * FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? AND name = ?`),
      rules: p(`SELECT * FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? ORDER BY name`),
      scheduledRules: p(`SELECT * FROM events_rules WHERE schedule IS NOT NULL`),
      upsertRule: p(`INSERT INTO events_rules (account_id, region, bus, name, pattern, schedule, state, description,
        role_arn, managed_by, created_by, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (account_id, region, bus, name) DO UPDATE SET pattern = excluded.pattern,
        schedule = excluded.schedule, state = excluded.state, description = excluded.description,
        role_arn = excluded.role_arn, tags = excluded.tags`),
      setRuleState: p(`UPDATE events_rules SET state = ? WHERE account_id = ? AND region = ? AND bus = ? AND name = ?`),
      setRuleTags: p(`UPDATE events_rules SET tags = ? WHERE account_id = ? AND region = ? AND bus = ? AND name = ?`),
      deleteRule: p(`DELETE FROM events_rules WHERE account_id = ? AND region = ? AND bus = ? AND name = ?`),
      deleteBusRules: p(`DELETE FROM events_rules WHERE account_id = ? AND region = ? AND bus = ?`),
      deleteBusTargets: p(`DELETE FROM events_targets WHERE account_id = ? AND region = ? AND bus = ?`),
      targets: p(`SELECT * FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND rule = ?
        ORDER BY id`),
      busTargets: p(`SELECT * FROM events_targets WHERE account_id = ? AND region = ? AND bus = ?`),
      targetsByArn: p(`SELECT DISTINCT rule FROM events_targets WHERE account_id = ? AND region = ? AND arn = ?
        AND bus = ? ORDER BY rule`),
      upsertTarget: p(`INSERT INTO events_targets (account_id, region, bus, rule, id, arn, spec) VALUES
        (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, bus, rule, id) DO UPDATE SET arn = excluded.arn,
        spec = excluded.spec`),
      deleteTarget: p(`DELETE FROM events_targets WHERE account_id = ? AND region = ? AND bus = ? AND rule = ?
        AND id = ?`),
    };
  }

  bus(accountId: string, region: string, name: string): BusRow | undefined {
    return this.s.bus.get(accountId, region, name) as BusRow | undefined;
  }
  buses(accountId: string, region: string): BusRow[] {
    return this.s.buses.all(accountId, region) as BusRow[];
  }
  insertBus(b: BusRow): void {
    this.s.insertBus.run(
      b.account_id,
      b.region,
      b.name,
      b.description,
      b.kms_key,
      b.dlq_arn,
      b.policy,
      b.tags,
      b.created_at,
      b.modified_at,
    );
  }
  updateBus(b: BusRow): void {
    this.s.updateBus.run(
      b.description,
      b.kms_key,
      b.dlq_arn,
      b.policy,
      b.tags,
      b.modified_at,
      b.account_id,
      b.region,
      b.name,
    );
  }
  /** Deletes a bus with its rules and targets. */
  deleteBus(accountId: string, region: string, name: string): void {
    this.s.deleteBusTargets.run(accountId, region, name);
    this.s.deleteBusRules.run(accountId, region, name);
    this.s.deleteBus.run(accountId, region, name);
  }

  rule(accountId: string, region: string, bus: string, name: string): RuleRow | undefined {
    return this.s.rule.get(accountId, region, bus, name) as RuleRow | undefined;
  }
  rules(accountId: string, region: string, bus: string): RuleRow[] {
    return this.s.rules.all(accountId, region, bus) as RuleRow[];
  }
  scheduledRules(): RuleRow[] {
    return this.s.scheduledRules.all() as RuleRow[];
  }
  /** Creates or updates a rule; CreatedBy, ManagedBy and the creation time of an existing rule are kept. */
  upsertRule(r: RuleRow): void {
    this.s.upsertRule.run(
      r.account_id,
      r.region,
      r.bus,
      r.name,
      r.pattern,
      r.schedule,
      r.state,
      r.description,
      r.role_arn,
      r.managed_by,
      r.created_by,
      r.tags,
      r.created_at,
    );
  }
  setRuleState(r: RuleRow, state: string): void {
    this.s.setRuleState.run(state, r.account_id, r.region, r.bus, r.name);
  }
  setRuleTags(r: RuleRow, tags: string): void {
    this.s.setRuleTags.run(tags, r.account_id, r.region, r.bus, r.name);
  }
  deleteRule(r: RuleRow): void {
    this.s.deleteRule.run(r.account_id, r.region, r.bus, r.name);
  }

  targets(accountId: string, region: string, bus: string, rule: string): TargetRow[] {
    return this.s.targets.all(accountId, region, bus, rule) as TargetRow[];
  }
  busTargets(accountId: string, region: string, bus: string): TargetRow[] {
    return this.s.busTargets.all(accountId, region, bus) as TargetRow[];
  }
  ruleNamesByTarget(accountId: string, region: string, bus: string, arn: string): string[] {
    return (this.s.targetsByArn.all(accountId, region, arn, bus) as Array<{ rule: string }>).map((r) => r.rule);
  }
  upsertTarget(t: TargetRow): void {
    this.s.upsertTarget.run(t.account_id, t.region, t.bus, t.rule, t.id, t.arn, t.spec);
  }
  deleteTarget(accountId: string, region: string, bus: string, rule: string, id: string): boolean {
    return this.s.deleteTarget.run(accountId, region, bus, rule, id).changes > 0;
  }
}
