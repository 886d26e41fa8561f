/**
 * Credential sources: static keys from the environment / a JSON file, and a chain so IAM can add issued keys later.
 */
import { readFileSync } from 'node:fs';
import type { CredentialLookup, CredentialRecord } from './sigv4.js';

export interface StaticCredentialEntry {
  accessKeyId: string;
  secretAccessKey: string;
  accountId?: string;
  sessionToken?: string;
}

const TWELVE_DIGITS = /^\d{12}$/;

export class CredentialsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsConfigError';
  }
}

/** Parse `ACCESSKEY:SECRET[:ACCOUNTID]` entries separated by commas. */
export function parseCredentialsEnv(value: string): StaticCredentialEntry[] {
  const out: StaticCredentialEntry[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parts = entry.split(':');
    if (parts.length < 2 || parts.length > 3 || parts[0] === '' || parts[1] === '') {
      throw new CredentialsConfigError(
        `ATOLL_CREDENTIALS: invalid entry '${parts[0] ?? ''}:…' (expected ACCESSKEY:SECRET[:ACCOUNTID])`,
      );
    }
    const [accessKeyId, secretAccessKey, accountId] = parts as [string, string, string | undefined];
    out.push(accountId === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, accountId });
  }
  return out;
}

/** Parse the JSON credentials file contents: `[{"accessKeyId","secretAccessKey","accountId"?,"sessionToken"?}]`. */
export function parseCredentialsJson(text: string, source = 'credentials file'): StaticCredentialEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CredentialsConfigError(`${source}: invalid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(data)) throw new CredentialsConfigError(`${source}: expected a JSON array`);
  return data.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw new CredentialsConfigError(`${source}[${i}]: not an object`);
    const o = item as Record<string, unknown>;
    const { accessKeyId, secretAccessKey, accountId, sessionToken } = o;
    if (typeof accessKeyId !== 'string' || accessKeyId === '' || typeof secretAccessKey !== 'string') {
      throw new CredentialsConfigError(`${source}[${i}]: accessKeyId and secretAccessKey must be strings`);
    }
    if (accountId !== undefined && typeof accountId !== 'string') {
      throw new CredentialsConfigError(`${source}[${i}]: accountId must be a string`);
    }
    if (sessionToken !== undefined && typeof sessionToken !== 'string') {
      throw new CredentialsConfigError(`${source}[${i}]: sessionToken must be a string`);
    }
    const entry: StaticCredentialEntry = { accessKeyId, secretAccessKey };
    if (accountId !== undefined) entry.accountId = accountId;
    if (sessionToken !== undefined) entry.sessionToken = sessionToken;
    return entry;
  });
}

/** A fixed set of known keys. */
export class StaticCredentials implements CredentialLookup {
  private readonly keys = new Map<string, CredentialRecord>();

  constructor(entries: readonly StaticCredentialEntry[], defaultAccountId: string) {
    for (const e of entries) {
      const accountId = e.accountId ?? defaultAccountId;
      if (!TWELVE_DIGITS.test(accountId)) {
        throw new CredentialsConfigError(
          `credentials for ${e.accessKeyId}: account id '${accountId}' is not 12 digits`,
        );
      }
      const rec: CredentialRecord = { secretAccessKey: e.secretAccessKey, accountId };
      if (e.sessionToken !== undefined) rec.sessionToken = e.sessionToken;
      this.keys.set(e.accessKeyId, rec);
    }
  }

  /**
   * Build from `ATOLL_CREDENTIALS` and the JSON file at `filePath` (or `ATOLL_CREDENTIALS_FILE`).
   * File entries override env entries with the same access key id.
   */
  static fromEnv(
    defaultAccountId: string,
    opts: { env?: NodeJS.ProcessEnv; filePath?: string } = {},
  ): StaticCredentials {
    const env = opts.env ?? process.env;
    const entries: StaticCredentialEntry[] = [];
    const envValue = env['ATOLL_CREDENTIALS'];
    if (envValue) entries.push(...parseCredentialsEnv(envValue));
    const file = opts.filePath ?? env['ATOLL_CREDENTIALS_FILE'];
    if (file) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CredentialsConfigError(`cannot read credentials file ${file}: ${(e as Error).message}`);
      }
      entries.push(...parseCredentialsJson(text, file));
    }
    return new StaticCredentials(entries, defaultAccountId);
  }

  get size(): number {
    return this.keys.size;
  }

  secretFor(accessKeyId: string): CredentialRecord | undefined {
    return this.keys.get(accessKeyId);
  }
}

/** Consults each lookup in order; the first that knows the key wins. IAM-issued keys can be appended later. */
export class CredentialChain implements CredentialLookup {
  private readonly lookups: CredentialLookup[];

  constructor(lookups: readonly CredentialLookup[] = []) {
    this.lookups = [...lookups];
  }

  add(lookup: CredentialLookup): void {
    this.lookups.push(lookup);
  }

  secretFor(accessKeyId: string): CredentialRecord | undefined {
    for (const l of this.lookups) {
      const r = l.secretFor(accessKeyId);
      if (r) return r;
    }
    return undefined;
  }
}
