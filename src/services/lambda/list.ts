// ListFunctions: the account's functions in the region ($LATEST, or every version with FunctionVersion=ALL),
// paged by an opaque marker.
import type { RequestContext } from '../types.js';
import type { FunctionConfiguration, Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import type { LambdaService } from './service.js';

/** Fields ListFunctions leaves out (AWS: only GetFunction returns them). */
const STATE_FIELDS = [
  'State',
  'StateReason',
  'StateReasonCode',
  'LastUpdateStatus',
  'LastUpdateStatusReason',
  'LastUpdateStatusReasonCode',
  'RuntimeVersionConfig',
] as const;

export function listFunctions(
  svc: LambdaService,
  input: Operations['ListFunctions']['input'],
  ctx: RequestContext,
): Operations['ListFunctions']['output'] {
  const limit = input.MaxItems ?? 50;
  let after = { name: '', seq: -1 };
  if (input.Marker) {
    try {
      after = JSON.parse(Buffer.from(input.Marker, 'base64').toString('utf8')) as typeof after;
    } catch {
      throw LambdaErrors.invalidParameter('Invalid marker.');
    }
  }
  const rows =
    input.FunctionVersion === 'ALL'
      ? svc.store.listAllVersions(ctx.accountId, ctx.region, after, limit + 1)
      : svc.store
          .listLatest(ctx.accountId, ctx.region, after.name, limit + 1)
          .map((config) => ({ name: config.FunctionName!, seq: Number.MAX_SAFE_INTEGER, config }));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const functions = page.map(({ config }) => {
    const copy: FunctionConfiguration = { ...config };
    for (const f of STATE_FIELDS) delete copy[f];
    return copy;
  });
  return {
    Functions: functions,
    ...(rows.length > limit && last
      ? { NextMarker: Buffer.from(JSON.stringify({ name: last.name, seq: last.seq })).toString('base64') }
      : {}),
  };
}
