// State machine versions (immutable snapshots of a revision) and aliases (weighted routing over versions).
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { requireArn, requireName } from './arns.js';
import { SfnErrors } from './errors.js';
import { decodeToken, encodeToken, pageSize } from './paging.js';
import type { SfnService } from './service.js';
import type { AliasRow, StateMachineRow } from './store.js';

type Routing = Array<{ stateMachineVersionArn: string; weight: number }>;

/** Publishes the state machine's current revision (inside the caller's transaction); returns the version ARN. */
export function publishVersion(svc: SfnService, sm: StateMachineRow, description: string | undefined): string {
  const latest = svc.store.latestVersion(sm.arn);
  if (latest && latest.revision_id === sm.revision_id) {
    if (description !== undefined && (latest.description ?? undefined) !== description) {
      throw SfnErrors.conflict(
        `Failed to publish the State Machine version for revision ${sm.revision_id ?? ''}. The existing version has a different description.`,
      );
    }
    return latest.arn;
  }
  const version = sm.next_version;
  const arn = `${sm.arn}:${version}`;
  svc.store.insertVersion({
    arn,
    state_machine_arn: sm.arn,
    version,
    definition: sm.definition,
    role_arn: sm.role_arn,
    logging: sm.logging,
    tracing: sm.tracing,
    description: description ?? null,
    revision_id: sm.revision_id ?? '',
    created_at: svc.now(),
  });
  svc.store.updateStateMachine({ ...sm, next_version: version + 1 });
  return arn;
}

function checkRouting(svc: SfnService, smArn: string, routing: Routing): void {
  const seen = new Set<string>();
  let total = 0;
  for (const r of routing) {
    const p = requireArn(r.stateMachineVersionArn, ['stateMachine'], 2);
    const base = r.stateMachineVersionArn.split(':').slice(0, 7).join(':');
    if (p.parts.length !== 2 || !/^\d+$/.test(p.parts[1] as string) || base !== smArn) {
      throw SfnErrors.validation(`Routing configuration must contain state machine version ARNs of ${smArn}`);
    }
    if (!svc.store.version(r.stateMachineVersionArn)) throw SfnErrors.resourceNotFound(r.stateMachineVersionArn);
    if (seen.has(r.stateMachineVersionArn)) {
      throw SfnErrors.validation('Routing configuration must contain distinct state machine version ARNs');
    }
    seen.add(r.stateMachineVersionArn);
    total += r.weight;
  }
  if (total !== 100) throw SfnErrors.validation('Sum of routing configuration weights must be equal to 100.');
}

function aliasOut(a: AliasRow): Operations['DescribeStateMachineAlias']['output'] {
  return {
    stateMachineAliasArn: a.arn,
    name: a.name,
    ...(a.description !== null ? { description: a.description } : {}),
    routingConfiguration: JSON.parse(a.routing) as Routing,
    creationDate: new Date(a.created_at),
    updateDate: new Date(a.updated_at),
  };
}

function aliasOf(svc: SfnService, arn: string): AliasRow {
  const p = requireArn(arn, ['stateMachine'], 2);
  if (p.parts.length !== 2 || /^\d+$/.test(p.parts[1] as string)) {
    throw SfnErrors.invalidArn(`Invalid Arn: ${arn}`);
  }
  const a = svc.store.alias(arn);
  if (!a) throw SfnErrors.resourceNotFound(arn);
  return a;
}

export function versionHandlers(
  svc: SfnService,
): Pick<
  HandlerTable<Operations>,
  | 'PublishStateMachineVersion'
  | 'ListStateMachineVersions'
  | 'DeleteStateMachineVersion'
  | 'CreateStateMachineAlias'
  | 'DescribeStateMachineAlias'
  | 'UpdateStateMachineAlias'
  | 'DeleteStateMachineAlias'
  | 'ListStateMachineAliases'
> {
  return {
    PublishStateMachineVersion(input) {
      return svc.tx(() => {
        const sm = svc.stateMachine(input.stateMachineArn);
        if (input.revisionId !== undefined && input.revisionId !== sm.revision_id) {
          throw SfnErrors.conflict(
            `Failed to publish the State Machine version for revision ${input.revisionId}. The current State Machine revision is ${sm.revision_id ?? ''}.`,
          );
        }
        const arn = publishVersion(svc, sm, input.description);
        const v = svc.store.version(arn);
        return { stateMachineVersionArn: arn, creationDate: new Date(v?.created_at ?? svc.now()) };
      });
    },
    ListStateMachineVersions(input) {
      const sm = svc.stateMachine(input.stateMachineArn);
      const limit = pageSize(input.maxResults);
      const below = decodeToken(input.nextToken) ?? Number.MAX_SAFE_INTEGER;
      const rows = svc.store.listVersions(sm.arn, below, limit + 1);
      const page = rows.slice(0, limit);
      const out: Operations['ListStateMachineVersions']['output'] = {
        stateMachineVersions: page.map((v) => ({
          stateMachineVersionArn: v.arn,
          creationDate: new Date(v.created_at),
        })),
      };
      const last = page[page.length - 1];
      if (rows.length > limit && last) out.nextToken = encodeToken(last.version);
      return out;
    },
    DeleteStateMachineVersion(input) {
      const p = requireArn(input.stateMachineVersionArn, ['stateMachine'], 2);
      if (p.parts.length !== 2 || !/^\d+$/.test(p.parts[1] as string)) {
        throw SfnErrors.invalidArn(`Invalid Arn: ${input.stateMachineVersionArn}`);
      }
      svc.tx(() => {
        const base = input.stateMachineVersionArn.split(':').slice(0, 7).join(':');
        const users = svc.store
          .listAliases(base)
          .filter((a) =>
            (JSON.parse(a.routing) as Routing).some((r) => r.stateMachineVersionArn === input.stateMachineVersionArn),
          );
        if (users.length > 0) {
          throw SfnErrors.conflict(
            `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${users.map((a) => a.name).join(', ')}]`,
          );
        }
        svc.store.deleteVersion(input.stateMachineVersionArn);
      });
      return {};
    },
    CreateStateMachineAlias(input) {
      requireName(input.name);
      if (/^\d+$/.test(input.name)) throw SfnErrors.invalidName(input.name);
      const base = input.routingConfiguration[0]?.stateMachineVersionArn.split(':').slice(0, 7).join(':') ?? '';
      return svc.tx(() => {
        svc.stateMachine(base);
        checkRouting(svc, base, input.routingConfiguration);
        const arn = `${base}:${input.name}`;
        const routing = JSON.stringify(
          input.routingConfiguration.map((r) => ({
            stateMachineVersionArn: r.stateMachineVersionArn,
            weight: r.weight,
          })),
        );
        const existing = svc.store.alias(arn);
        if (existing) {
          if (existing.routing === routing && (existing.description ?? undefined) === input.description) {
            return { stateMachineAliasArn: arn, creationDate: new Date(existing.created_at) };
          }
          throw SfnErrors.conflict(
            `Failed to create alias because an alias with the same name and a different routing configuration already exists.`,
          );
        }
        const now = svc.now();
        svc.store.putAlias({
          arn,
          state_machine_arn: base,
          name: input.name,
          description: input.description ?? null,
          routing,
          created_at: now,
          updated_at: now,
        });
        return { stateMachineAliasArn: arn, creationDate: new Date(now) };
      });
    },
    DescribeStateMachineAlias(input) {
      return aliasOut(aliasOf(svc, input.stateMachineAliasArn));
    },
    UpdateStateMachineAlias(input) {
      if (input.description === undefined && input.routingConfiguration === undefined) {
        throw SfnErrors.validation('Either the description or the RoutingConfiguration must be specified');
      }
      return svc.tx(() => {
        const a = aliasOf(svc, input.stateMachineAliasArn);
        if (input.routingConfiguration) checkRouting(svc, a.state_machine_arn, input.routingConfiguration);
        const now = svc.now();
        svc.store.putAlias({
          ...a,
          description: input.description ?? a.description,
          routing: input.routingConfiguration ? JSON.stringify(input.routingConfiguration) : a.routing,
          updated_at: now,
        });
        return { updateDate: new Date(now) };
      });
    },
    DeleteStateMachineAlias(input) {
      svc.tx(() => svc.store.deleteAlias(aliasOf(svc, input.stateMachineAliasArn).arn));
      return {};
    },
    ListStateMachineAliases(input) {
      const sm = svc.stateMachine(input.stateMachineArn);
      const all = svc.store.listAliases(sm.arn);
      const limit = pageSize(input.maxResults);
      const start = decodeToken(input.nextToken) ?? 0;
      const page = all.slice(start, start + limit);
      const out: Operations['ListStateMachineAliases']['output'] = {
        stateMachineAliases: page.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: new Date(a.created_at) })),
      };
      if (start + limit < all.length) out.nextToken = encodeToken(start + limit);
      return out;
    },
  };
}
