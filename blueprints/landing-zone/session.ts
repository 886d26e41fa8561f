// Credentials and outcome helpers: every action in a member account goes through a role session obtained with
// sts:AssumeRole, exactly as on AWS (the management account reaches new accounts through
// OrganizationAccountAccessRole, which Organizations creates in each of them).
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientConfig } from '../../src/blueprints/types.js';

export const ACCESS_ROLE = 'OrganizationAccountAccessRole';

export const roleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;

export interface AssumeOptions {
  externalId?: string;
  durationSeconds?: number;
}

/** A client config acting as a session of `arn`, obtained by the caller `from`. */
export async function assume(from: ClientConfig, arn: string, session: string, o: AssumeOptions = {}) {
  const out = await new STSClient(from).send(
    new AssumeRoleCommand({
      RoleArn: arn,
      RoleSessionName: session,
      ...(o.externalId !== undefined ? { ExternalId: o.externalId } : {}),
      ...(o.durationSeconds !== undefined ? { DurationSeconds: o.durationSeconds } : {}),
    }),
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${arn} returned no credentials`);
  const config: ClientConfig = {
    ...from,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken ?? '' },
  };
  return config;
}

export const inRegion = (config: ClientConfig, region: string): ClientConfig => ({ ...config, region });

export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : String(err);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Runs `fn` and reports whether AWS refused it with an access-denied error (and why). */
export async function outcome(fn: () => Promise<unknown>): Promise<{ denied: boolean; text: string }> {
  try {
    await fn();
    return { denied: false, text: 'allowed' };
  } catch (err) {
    const name = errorName(err);
    // SNS answers authorization failures with its own AuthorizationError.
    const denied = ['AccessDenied', 'AccessDeniedException', 'AuthorizationErrorException'].includes(name);
    return { denied, text: errorText(err) };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
