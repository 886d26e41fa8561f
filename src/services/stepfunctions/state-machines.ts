// State machine lifecycle: Create/Describe/Update/Delete/List and ValidateStateMachineDefinition.
import { randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import type { EncryptionConfiguration, LoggingConfiguration, Operations, TracingConfiguration } from './api.js';
import { requireArn, requireName, stateMachineArn } from './arns.js';
import { validateDefinition } from './asl/index.js';
import { SfnErrors } from './errors.js';
import { decodeToken, encodeToken, pageSize } from './paging.js';
import type { SfnService } from './service.js';
import type { StateMachineRow } from './store.js';
import { applyTags } from './tags.js';
import { publishVersion } from './versions.js';

const DEFAULT_LOGGING: LoggingConfiguration = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING: TracingConfiguration = { enabled: false };

export function checkDefinition(definition: string): void {
  const v = validateDefinition(definition);
  if (!v.ok) throw SfnErrors.invalidDefinition(v.message ?? 'Invalid State Machine Definition');
}

function checkLogging(cfg: LoggingConfiguration | undefined): LoggingConfiguration {
  if (!cfg) return DEFAULT_LOGGING;
  const level = cfg.level ?? 'OFF';
  const destinations = cfg.destinations ?? [];
  if (level !== 'OFF' && destinations.length !== 1) {
    throw SfnErrors.invalidLoggingConfiguration(
      'Invalid Logging Configuration: Must specify exactly one Log Destination.',
    );
  }
  if (destinations.length > 1) {
    throw SfnErrors.invalidLoggingConfiguration(
      'Invalid Logging Configuration: Must specify exactly one Log Destination.',
    );
  }
  return {
    level,
    includeExecutionData: cfg.includeExecutionData ?? false,
    ...(destinations.length ? { destinations } : {}),
  };
}

function checkRole(roleArn: string): void {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(roleArn))
    throw SfnErrors.invalidArn(`Invalid ARN prefix: ${roleArn}`);
}

/** The state machine (or one of its versions / aliases) a qualified or unqualified ARN names. */
export function describeTarget(svc: SfnService, arn: string) {
  const p = requireArn(arn, ['stateMachine'], 2);
  const base = arn.split(':').slice(0, 7).join(':');
  const sm = svc.store.stateMachine(base);
  if (!sm) throw SfnErrors.stateMachineDoesNotExist(arn);
  if (p.parts.length === 1) return { sm };
  const qualifier = p.parts[1] as string;
  if (/^\d+$/.test(qualifier)) {
    const version = svc.store.version(arn);
    if (!version) throw SfnErrors.stateMachineDoesNotExist(arn);
    return { sm, version };
  }
  const alias = svc.store.alias(arn);
  if (!alias) throw SfnErrors.stateMachineDoesNotExist(arn);
  return { sm, alias };
}

export function stateMachineHandlers(
  svc: SfnService,
): Pick<
  HandlerTable<Operations>,
  | 'CreateStateMachine'
  | 'DescribeStateMachine'
  | 'UpdateStateMachine'
  | 'DeleteStateMachine'
  | 'ListStateMachines'
  | 'ValidateStateMachineDefinition'
> {
  return {
    CreateStateMachine(input, ctx: RequestContext) {
      requireName(input.name);
      checkRole(input.roleArn);
      const type = input.type ?? 'STANDARD';
      checkDefinition(input.definition);
      const logging = JSON.stringify(checkLogging(input.loggingConfiguration));
      const tracing = JSON.stringify(input.tracingConfiguration ?? DEFAULT_TRACING);
      const arn = stateMachineArn(ctx.region, ctx.accountId, input.name);
      return svc.tx(() => {
        const existing = svc.store.stateMachine(arn);
        if (existing) {
          // Idempotent when name, definition, type, logging and tracing match (role and tags are ignored).
          const same =
            existing.definition === input.definition &&
            existing.type === type &&
            existing.logging === logging &&
            existing.tracing === tracing &&
            !input.publish;
          if (!same) throw SfnErrors.stateMachineAlreadyExists(arn);
          return { stateMachineArn: arn, creationDate: new Date(existing.created_at) };
        }
        const now = svc.now();
        const row: Omit<StateMachineRow, 'seq'> = {
          arn,
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.name,
          type,
          definition: input.definition,
          role_arn: input.roleArn,
          logging,
          tracing,
          encryption: input.encryptionConfiguration ? JSON.stringify(input.encryptionConfiguration) : null,
          revision_id: randomUUID(),
          version_description: null,
          created_at: now,
          updated_at: now,
          next_version: 1,
        };
        svc.store.insertStateMachine(row);
        applyTags(svc, arn, input.tags);
        const out: Operations['CreateStateMachine']['output'] = { stateMachineArn: arn, creationDate: new Date(now) };
        if (input.publish) {
          out.stateMachineVersionArn = publishVersion(
            svc,
            svc.store.stateMachine(arn) as StateMachineRow,
            input.versionDescription,
          );
        }
        return out;
      });
    },

    DescribeStateMachine(input) {
      const { sm, version, alias } = describeTarget(svc, input.stateMachineArn);
      if (alias) throw SfnErrors.invalidArn(`Resource type not valid in this context: alias`);
      const src = version ?? sm;
      const out: Operations['DescribeStateMachine']['output'] = {
        stateMachineArn: version ? version.arn : sm.arn,
        name: sm.name,
        status: 'ACTIVE',
        definition: src.definition,
        roleArn: src.role_arn,
        type: sm.type as 'STANDARD' | 'EXPRESS',
        creationDate: new Date(version ? version.created_at : sm.created_at),
        loggingConfiguration: JSON.parse(src.logging) as LoggingConfiguration,
        tracingConfiguration: JSON.parse(src.tracing) as TracingConfiguration,
      };
      if (version) {
        out.revisionId = version.revision_id;
        if (version.description) out.description = version.description;
      } else if (sm.revision_id) out.revisionId = sm.revision_id;
      if (sm.encryption) out.encryptionConfiguration = JSON.parse(sm.encryption) as EncryptionConfiguration;
      return out;
    },

    UpdateStateMachine(input) {
      requireArn(input.stateMachineArn, ['stateMachine']);
      if (
        input.definition === undefined &&
        input.roleArn === undefined &&
        input.loggingConfiguration === undefined &&
        input.tracingConfiguration === undefined &&
        input.encryptionConfiguration === undefined
      ) {
        throw SfnErrors.missingRequiredParameter(
          'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
        );
      }
      if (input.definition !== undefined) checkDefinition(input.definition);
      if (input.roleArn !== undefined) checkRole(input.roleArn);
      const logging = input.loggingConfiguration ? JSON.stringify(checkLogging(input.loggingConfiguration)) : undefined;
      return svc.tx(() => {
        const sm = svc.stateMachine(input.stateMachineArn);
        const now = svc.now();
        const next: StateMachineRow = {
          ...sm,
          definition: input.definition ?? sm.definition,
          role_arn: input.roleArn ?? sm.role_arn,
          logging: logging ?? sm.logging,
          tracing: input.tracingConfiguration ? JSON.stringify(input.tracingConfiguration) : sm.tracing,
          updated_at: now,
        };
        const changed =
          next.definition !== sm.definition ||
          next.role_arn !== sm.role_arn ||
          next.logging !== sm.logging ||
          next.tracing !== sm.tracing;
        if (changed) next.revision_id = randomUUID();
        svc.store.updateStateMachine(next);
        const out: Operations['UpdateStateMachine']['output'] = { updateDate: new Date(now) };
        if (next.revision_id) out.revisionId = next.revision_id;
        if (input.publish) {
          out.stateMachineVersionArn = publishVersion(
            svc,
            svc.store.stateMachine(sm.arn) as StateMachineRow,
            input.versionDescription,
          );
        }
        return out;
      });
    },

    DeleteStateMachine(input) {
      const p = requireArn(input.stateMachineArn, ['stateMachine'], 2);
      if (p.parts.length > 1) {
        throw SfnErrors.validation(
          'Service does not support deleting state machine versions or aliases using DeleteStateMachine. Use DeleteStateMachineVersion or DeleteStateMachineAlias instead.',
        );
      }
      // Deleting a state machine that does not exist succeeds (AWS treats it as already deleted).
      svc.tx(() => svc.store.deleteStateMachine(input.stateMachineArn));
      return {};
    },

    ListStateMachines(input, ctx) {
      const limit = pageSize(input.maxResults);
      const after = decodeToken(input.nextToken) ?? 0;
      const rows = svc.store.listStateMachines(ctx.accountId, ctx.region, after, limit + 1);
      const page = rows.slice(0, limit);
      const out: Operations['ListStateMachines']['output'] = {
        stateMachines: page.map((r) => ({
          stateMachineArn: r.arn,
          name: r.name,
          type: r.type as 'STANDARD' | 'EXPRESS',
          creationDate: new Date(r.created_at),
        })),
      };
      if (rows.length > limit) out.nextToken = encodeToken((page[page.length - 1] as StateMachineRow).seq);
      return out;
    },

    ValidateStateMachineDefinition(input) {
      const v = validateDefinition(input.definition);
      const max = input.maxResults === undefined || input.maxResults === 0 ? 100 : input.maxResults;
      const diagnostics = v.diagnostics.slice(0, max).map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.location !== undefined ? { location: d.location } : {}),
      }));
      return { result: v.ok ? 'OK' : 'FAIL', diagnostics, truncated: v.diagnostics.length > max };
    },
  };
}
