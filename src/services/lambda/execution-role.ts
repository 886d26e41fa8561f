// A function's execution role: Lambda assumes it (session name = the function name) to give the handler its
// credentials and to make the calls it makes for the function (event source polling, destinations, DLQ). A role
// IAM does not know leaves the function acting as its account's root (atoll's leniency for made-up role ARNs).
import { serviceRolesFor, type RoleCredentials } from '../../iam/service-roles.js';
import type { Caller } from '../types.js';
import type { FunctionConfiguration } from './api.js';
import { LambdaErrors } from './errors.js';
import { functionArn } from './names.js';
import type { LambdaService } from './service.js';
import type { FunctionKey } from './store.js';

export const LAMBDA_PRINCIPAL = 'lambda.amazonaws.com';

export const cannotAssume = () =>
  LambdaErrors.invalidParameter('The role defined for the function cannot be assumed by Lambda.');

/** CreateFunction / UpdateFunctionConfiguration: a role IAM has must trust lambda.amazonaws.com. */
export function checkAssumable(svc: LambdaService, roleArn: string, key: FunctionKey): void {
  const roles = serviceRolesFor(svc.core);
  const found = roles.role(roleArn);
  if (!found) return;
  const opts = { region: key.region, sourceArn: functionArn(key) };
  if (!roles.trusts(found.accountId, found.role, LAMBDA_PRINCIPAL, opts)) throw cannotAssume();
}

/** The role session's credentials for the function, or undefined when it acts as root (role not in IAM). */
export function roleCredentials(
  svc: LambdaService,
  key: FunctionKey,
  config: FunctionConfiguration,
): RoleCredentials | undefined {
  if (!config.Role) return undefined;
  const use = serviceRolesFor(svc.core).assume(config.Role, LAMBDA_PRINCIPAL, key.name, {
    region: key.region,
    sourceArn: functionArn(key),
  });
  if (use.kind === 'untrusted') throw cannotAssume();
  return use.kind === 'session' ? use.session.credentials : undefined;
}

/** The handler's credential environment: the role session's keys, or the account id (acts as root). */
export function credentialEnv(svc: LambdaService, key: FunctionKey, config: FunctionConfiguration) {
  const c = roleCredentials(svc, key, config);
  if (!c) return { AWS_ACCESS_KEY_ID: key.accountId, AWS_SECRET_ACCESS_KEY: 'atoll' } as Record<string, string>;
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
  } as Record<string, string>;
}

/**
 * Who Lambda's own calls for a function act as (SQS polling, destinations, dead-letter queues): the execution
 * role's session, else the account's root. Throws when the role exists but cannot be assumed.
 */
export function functionCaller(svc: LambdaService, key: FunctionKey, region = key.region): Caller {
  const caller: Caller = { accountId: key.accountId, region, sourceArn: functionArn(key) };
  const config = svc.store.getVersion(key, '$LATEST');
  if (!config?.Role) return caller;
  const use = serviceRolesFor(svc.core).assume(config.Role, LAMBDA_PRINCIPAL, key.name, {
    region: key.region,
    sourceArn: functionArn(key),
  });
  if (use.kind === 'untrusted') throw cannotAssume();
  if (use.kind === 'session') caller.principal = use.session.principal;
  return caller;
}
