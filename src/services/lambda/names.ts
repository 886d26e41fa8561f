// How Lambda names a function: a bare name, a partial ARN (123456789012:function:name) or a full ARN, each
// optionally followed by `:qualifier` (a version or an alias).
import type { RequestContext } from '../types.js';
import { LambdaErrors } from './errors.js';
import type { FunctionKey } from './store.js';

export interface FunctionRef extends FunctionKey {
  qualifier: string | undefined;
}

const FULL = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const PARTIAL = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;
const BARE = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/;

/** Resolves a FunctionName parameter (and the separate Qualifier, which must agree with one in the name). */
export function parseFunctionName(value: string, ctx: RequestContext, qualifier?: string): FunctionRef {
  let ref: FunctionRef | undefined;
  let m = FULL.exec(value);
  if (m) ref = { region: m[1]!, accountId: m[2]!, name: m[3]!, qualifier: m[4] };
  else if ((m = PARTIAL.exec(value))) ref = { region: ctx.region, accountId: m[1]!, name: m[2]!, qualifier: m[3] };
  else if ((m = BARE.exec(value))) ref = { region: ctx.region, accountId: ctx.accountId, name: m[1]!, qualifier: m[2] };
  if (!ref || ref.name.length > 64) {
    throw LambdaErrors.invalidParameter(`Function name ${value} is invalid.`);
  }
  if (ref.region !== ctx.region) {
    throw LambdaErrors.invalidParameter(
      `Functions from '${ref.region}' are not reachable in this region ('${ctx.region}')`,
    );
  }
  if (qualifier !== undefined) {
    if (ref.qualifier !== undefined && ref.qualifier !== qualifier) {
      throw LambdaErrors.invalidParameter(
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    ref.qualifier = qualifier;
  }
  return ref;
}

export function functionArn(key: FunctionKey, qualifier?: string): string {
  const base = `arn:aws:lambda:${key.region}:${key.accountId}:function:${key.name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

export const LATEST = '$LATEST';

export function isVersion(q: string): boolean {
  return q === LATEST || /^\d+$/.test(q);
}
