// Function lifecycle: CreateFunction, GetFunction(Configuration), UpdateFunctionCode/Configuration,
// DeleteFunction, ListFunctions. Creates and updates go Pending/InProgress and become Active/Successful through
// a durable scheduler job, as AWS's state machine does.
import { randomUUID } from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { FunctionConfiguration, Operations } from './api.js';
import { hex } from './code.js';
import { applyConfig } from './config.js';
import { LambdaErrors } from './errors.js';
import { functionArn, isVersion, LATEST, type FunctionRef } from './names.js';
import { lastModified, type LambdaService } from './service.js';
import type { FunctionKey } from './store.js';
import { listFunctions } from './list.js';
import { checkAssumable } from './execution-role.js';
import { fetchS3Code, fromS3 } from './s3-code.js';

type Ops = Pick<
  HandlerTable<Operations>,
  | 'CreateFunction'
  | 'GetFunction'
  | 'GetFunctionConfiguration'
  | 'UpdateFunctionCode'
  | 'UpdateFunctionConfiguration'
  | 'DeleteFunction'
  | 'ListFunctions'
>;

export const ACTIVATE_JOB = 'lambda.activate';

export interface ActivatePayload extends FunctionKey {
  versions: string[];
}

/** A version's configuration as the API shows it: its ARN is qualified unless $LATEST was not asked for. */
export function present(config: FunctionConfiguration, qualified: boolean): FunctionConfiguration {
  if (!qualified || config.Version !== LATEST) return config;
  return { ...config, FunctionArn: `${config.FunctionArn}:${LATEST}` };
}

function unqualified(ref: FunctionRef, op: string): void {
  if (ref.qualifier !== undefined)
    throw LambdaErrors.invalidParameter(`${op} does not support a qualified function name.`);
}

function checkRevision(config: FunctionConfiguration, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== config.RevisionId) {
    throw LambdaErrors.preconditionFailed(
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
  }
}

function checkUpdatable(config: FunctionConfiguration): void {
  if (config.LastUpdateStatus === 'InProgress' || config.State === 'Pending') {
    throw LambdaErrors.updateInProgress(config.FunctionArn ?? '');
  }
}

/** Snapshots $LATEST as the next version (shared by CreateFunction/UpdateFunctionCode Publish and PublishVersion). */
export function publishLatest(svc: LambdaService, key: FunctionKey, description?: string): FunctionConfiguration {
  const row = svc.store.getFunction(key)!;
  const latest = svc.store.getVersion(key, LATEST)!;
  const version = String(row.next_version);
  const config: FunctionConfiguration = {
    ...latest,
    FunctionArn: functionArn(key, version),
    Version: version,
    RevisionId: randomUUID(),
    ...(description !== undefined ? { Description: description } : {}),
  };
  svc.store.putVersion(key, version, config);
  svc.store.setNextVersion(key, row.next_version + 1);
  return config;
}

export function functionHandlers(svc: LambdaService): Ops {
  const activate = (key: FunctionKey, versions: string[]) => {
    const payload: ActivatePayload = { ...key, versions };
    svc.core.scheduler.schedule(ACTIVATE_JOB, svc.now(), payload);
  };

  return {
    CreateFunction: async (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      unqualified(ref, 'CreateFunction');
      if (input.PackageType === 'Image') throw CommonErrors.notImplemented('CreateFunction (container images)');
      const s3 = fromS3(input.Code);
      if (!input.Code.ZipFile && !s3) throw LambdaErrors.invalidParameter('Please provide a source for function code.');
      if (!input.Runtime || !input.Handler) {
        throw LambdaErrors.invalidParameter(
          'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
        );
      }
      if (svc.store.getFunction(ref)) throw LambdaErrors.functionExists(ref.name);
      checkAssumable(svc, input.Role, ref);
      const zip = input.Code.ZipFile ?? (await fetchS3Code(svc, input.Code, ctx));
      const config: FunctionConfiguration = {
        FunctionName: ref.name,
        FunctionArn: functionArn(ref),
        Runtime: input.Runtime,
        Role: input.Role,
        Handler: input.Handler,
        CodeSize: 0,
        Description: '',
        Timeout: 3,
        MemorySize: 128,
        LastModified: lastModified(svc.now()),
        CodeSha256: '',
        Version: LATEST,
        TracingConfig: { Mode: 'PassThrough' },
        RevisionId: randomUUID(),
        State: 'Pending',
        StateReason: 'The function is being created.',
        StateReasonCode: 'Creating',
        PackageType: 'Zip',
        Architectures: input.Architectures ?? ['x86_64'],
        EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? 512 },
        SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
        LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${ref.name}` },
      };
      applyConfig(config, input);
      // The zip is durable before the row that names it commits.
      const code = svc.code.save(zip);
      config.CodeSha256 = code.sha256;
      config.CodeSize = code.size;
      let out = config;
      svc.tx(() => {
        if (svc.store.getFunction(ref)) throw LambdaErrors.functionExists(ref.name);
        svc.store.insertFunction(ref, input.Tags ?? {}, svc.now());
        svc.store.putVersion(ref, LATEST, config);
        const versions = [LATEST];
        if (input.Publish) {
          out = publishLatest(svc, ref);
          versions.push(out.Version!);
        }
        activate(ref, versions);
      });
      return out;
    },

    GetFunction: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      const r = svc.resolve(ref);
      const tags = JSON.parse(r.row.tags) as Record<string, string>;
      return {
        Configuration: present(r.alias ? svc.store.getVersion(ref, r.version)! : r.config, ref.qualifier !== undefined),
        Code: {
          RepositoryType: 'S3',
          Location: `${ctx.endpoint}/_atoll/lambda/code/${hex(r.config.CodeSha256 ?? '')}.zip`,
        },
        ...(Object.keys(tags).length > 0 ? { Tags: tags } : {}),
        ...(r.row.reserved_concurrency !== null
          ? { Concurrency: { ReservedConcurrentExecutions: r.row.reserved_concurrency } }
          : {}),
      };
    },

    GetFunctionConfiguration: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      return present(svc.resolve(ref).config, ref.qualifier !== undefined);
    },

    UpdateFunctionCode: async (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      unqualified(ref, 'UpdateFunctionCode');
      if (input.ImageUri !== undefined) throw CommonErrors.notImplemented('UpdateFunctionCode (container images)');
      const s3 = fromS3(input);
      if (!input.ZipFile && !s3) throw LambdaErrors.invalidParameter('Please provide a source for function code.');
      checkRevision(svc.resolve(ref).config, input.RevisionId);
      checkUpdatable(svc.resolve(ref).config);
      const zip = input.ZipFile ?? (await fetchS3Code(svc, input, ctx));
      // Checked again after the fetch: another update may have started meanwhile.
      const current = svc.resolve(ref).config;
      checkRevision(current, input.RevisionId);
      checkUpdatable(current);
      const code = input.DryRun ? undefined : svc.code.save(zip);
      if (!code) return current;
      let out: FunctionConfiguration = {
        ...current,
        CodeSha256: code.sha256,
        CodeSize: code.size,
        LastModified: lastModified(svc.now()),
        RevisionId: randomUUID(),
        LastUpdateStatus: 'InProgress',
        LastUpdateStatusReason: 'The function is being updated.',
        LastUpdateStatusReasonCode: undefined,
        ...(input.Architectures ? { Architectures: input.Architectures } : {}),
      };
      svc.tx(() => {
        svc.store.putVersion(ref, LATEST, out);
        const versions = [LATEST];
        if (input.Publish) {
          out = publishLatest(svc, ref);
          versions.push(out.Version!);
        }
        activate(ref, versions);
      });
      svc.pool.discard(`${functionArn(ref)}:${LATEST}`);
      return out;
    },

    UpdateFunctionConfiguration: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      unqualified(ref, 'UpdateFunctionConfiguration');
      const current = svc.resolve(ref).config;
      checkRevision(current, input.RevisionId);
      checkUpdatable(current);
      if (input.Role !== undefined) checkAssumable(svc, input.Role, ref);
      const next: FunctionConfiguration = { ...current };
      applyConfig(next, input);
      next.LastModified = lastModified(svc.now());
      next.RevisionId = randomUUID();
      next.LastUpdateStatus = 'InProgress';
      next.LastUpdateStatusReason = 'The function is being updated.';
      svc.tx(() => {
        svc.store.putVersion(ref, LATEST, next);
        activate(ref, [LATEST]);
      });
      svc.pool.discard(`${functionArn(ref)}:${LATEST}`);
      return next;
    },

    DeleteFunction: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      svc.fn(ref);
      const q = ref.qualifier;
      if (q === LATEST) {
        throw LambdaErrors.invalidParameter('$LATEST version cannot be deleted without deleting the function.');
      }
      if (q !== undefined) {
        if (!isVersion(q)) throw LambdaErrors.invalidParameter('Deletion of aliases is not supported.');
        if (!svc.store.getVersion(ref, q)) throw LambdaErrors.functionNotFound(functionArn(ref, q));
        const users = svc.store
          .listAliases(ref)
          .filter((a) => a.FunctionVersion === q || a.RoutingConfig?.AdditionalVersionWeights?.[q] !== undefined)
          .map((a) => a.Name);
        if (users.length > 0) {
          throw LambdaErrors.conflict(
            `Unable to delete version because the following aliases reference it: [${users.join(', ')}]`,
          );
        }
        svc.tx(() => {
          svc.store.deleteVersion(ref, q);
          svc.store.deleteEventInvokeConfig(ref, q);
        });
        svc.pool.discard(`${functionArn(ref)}:${q}:`);
        return;
      }
      svc.tx(() => svc.store.deleteFunction(ref));
      svc.pool.discard(`${functionArn(ref)}:`);
    },

    ListFunctions: (input, ctx) => listFunctions(svc, input, ctx),
  };
}

/** The activation job: Pending -> Active, InProgress -> Successful. */
export function runActivation(svc: LambdaService, payload: ActivatePayload): void {
  svc.tx(() => {
    for (const version of payload.versions) {
      const config = svc.store.getVersion(payload, version);
      if (!config) continue;
      if (config.State === 'Pending') {
        config.State = 'Active';
        delete config.StateReason;
        delete config.StateReasonCode;
        config.LastUpdateStatus = 'Successful';
      }
      if (config.LastUpdateStatus === 'InProgress') {
        config.LastUpdateStatus = 'Successful';
        delete config.LastUpdateStatusReason;
        delete config.LastUpdateStatusReasonCode;
      }
      svc.store.putVersion(payload, version, config);
    }
  });
}
