// Versions and aliases: PublishVersion, ListVersionsByFunction, Create/Get/Update/Delete/ListAliases.
import { randomUUID } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { AliasConfiguration, AliasRoutingConfiguration, FunctionConfiguration, Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import { present, publishLatest } from './functions.js';
import { functionArn, isVersion, LATEST, type FunctionRef } from './names.js';
import type { LambdaService } from './service.js';

type Ops = Pick<
  HandlerTable<Operations>,
  | 'PublishVersion'
  | 'ListVersionsByFunction'
  | 'CreateAlias'
  | 'GetAlias'
  | 'UpdateAlias'
  | 'DeleteAlias'
  | 'ListAliases'
>;

const VOLATILE = new Set([
  'FunctionArn',
  'Version',
  'RevisionId',
  'LastModified',
  'Description',
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
]);

function comparable(config: FunctionConfiguration): string {
  return JSON.stringify(Object.entries(config).filter(([k]) => !VOLATILE.has(k)));
}

function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker ? Number(Buffer.from(marker, 'base64').toString('utf8')) || 0 : 0;
  const limit = maxItems ?? 50;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
  return { slice, next };
}

export function versionHandlers(svc: LambdaService): Ops {
  const checkRouting = (ref: FunctionRef, primary: string, routing: AliasRoutingConfiguration | undefined) => {
    const weights = routing?.AdditionalVersionWeights;
    if (!weights) return;
    const entries = Object.entries(weights);
    if (entries.length > 1) {
      throw LambdaErrors.invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
    }
    for (const [version, weight] of entries) {
      if (!/^\d+$/.test(version) || !svc.store.getVersion(ref, version)) {
        throw LambdaErrors.invalidParameter(
          `Invalid function version ${version}. Function version ${version} doesn't exist.`,
        );
      }
      if (version === primary) {
        throw LambdaErrors.invalidParameter(
          `Invalid function version ${version}. Function version ${version} is already included in primary version.`,
        );
      }
      if (!(weight >= 0 && weight <= 1))
        throw LambdaErrors.invalidParameter('Invalid weight: must be between 0.0 and 1.0.');
    }
    if (primary === LATEST) {
      throw LambdaErrors.invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
    }
  };
  const checkVersion = (ref: FunctionRef, version: string) => {
    if (!svc.store.getVersion(ref, version)) throw LambdaErrors.functionNotFound(functionArn(ref, version));
  };
  const getAlias = (ref: FunctionRef, name: string) => {
    svc.fn(ref);
    const alias = svc.store.getAlias(ref, name);
    if (!alias) throw LambdaErrors.notFound(`Cannot find alias arn: ${functionArn(ref, name)}`);
    return alias;
  };

  return {
    PublishVersion: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      const latest = svc.store.getVersion(ref, LATEST)!;
      if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.CodeSha256) {
        throw LambdaErrors.invalidParameter(
          `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        );
      }
      if (input.RevisionId !== undefined && input.RevisionId !== latest.RevisionId) {
        throw LambdaErrors.preconditionFailed(
          'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        );
      }
      if (latest.LastUpdateStatus === 'InProgress') throw LambdaErrors.updateInProgress(latest.FunctionArn ?? '');
      const last = svc.store.lastPublished(ref);
      if (last && comparable(last) === comparable(latest)) return last;
      return svc.tx(() => publishLatest(svc, ref, input.Description));
    },

    ListVersionsByFunction: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      const all = svc.store.listVersions(ref, -1, 100_000).map((c) => present(c, true));
      const { slice, next } = page(all, input.Marker, input.MaxItems);
      return { Versions: slice, ...(next ? { NextMarker: next } : {}) };
    },

    CreateAlias: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      checkVersion(ref, input.FunctionVersion);
      checkRouting(ref, input.FunctionVersion, input.RoutingConfig);
      if (svc.store.getAlias(ref, input.Name)) {
        throw LambdaErrors.conflict(`Alias already exists: ${functionArn(ref, input.Name)}`);
      }
      const alias: AliasConfiguration = {
        AliasArn: functionArn(ref, input.Name),
        Name: input.Name,
        FunctionVersion: input.FunctionVersion,
        Description: input.Description ?? '',
        RevisionId: randomUUID(),
        ...(input.RoutingConfig?.AdditionalVersionWeights ? { RoutingConfig: input.RoutingConfig } : {}),
      };
      svc.tx(() => svc.store.putAlias(ref, input.Name, alias));
      return alias;
    },

    GetAlias: (input, ctx) => getAlias(svc.ref(input.FunctionName, ctx), input.Name),

    UpdateAlias: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      const alias = getAlias(ref, input.Name);
      if (input.RevisionId !== undefined && input.RevisionId !== alias.RevisionId) {
        throw LambdaErrors.preconditionFailed(
          'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        );
      }
      const version = input.FunctionVersion ?? alias.FunctionVersion!;
      if (input.FunctionVersion !== undefined) checkVersion(ref, version);
      const routing = input.RoutingConfig ?? alias.RoutingConfig;
      checkRouting(ref, version, routing);
      const next: AliasConfiguration = {
        ...alias,
        FunctionVersion: version,
        RevisionId: randomUUID(),
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
      };
      if (routing?.AdditionalVersionWeights && Object.keys(routing.AdditionalVersionWeights).length > 0) {
        next.RoutingConfig = routing;
      } else delete next.RoutingConfig;
      svc.tx(() => svc.store.putAlias(ref, input.Name, next));
      return next;
    },

    DeleteAlias: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      svc.tx(() => {
        svc.store.deleteAlias(ref, input.Name);
        svc.store.deleteEventInvokeConfig(ref, input.Name);
      });
    },

    ListAliases: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      if (input.FunctionVersion !== undefined && !isVersion(input.FunctionVersion)) {
        throw LambdaErrors.invalidParameter(`Invalid function version ${input.FunctionVersion}.`);
      }
      const all = svc.store
        .listAliases(ref)
        .filter((a) => input.FunctionVersion === undefined || a.FunctionVersion === input.FunctionVersion);
      const { slice, next } = page(all, input.Marker, input.MaxItems);
      return { Aliases: slice, ...(next ? { NextMarker: next } : {}) };
    },
  };
}
