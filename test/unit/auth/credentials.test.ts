import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CredentialChain,
  CredentialsConfigError,
  StaticCredentials,
  parseCredentialsEnv,
  parseCredentialsJson,
} from '../../../src/auth/credentials.js';

const DEF = '000000000000';

describe('StaticCredentials', () => {
  it('parses ATOLL_CREDENTIALS entries', () => {
    expect(parseCredentialsEnv(' AK1:S1 , AK2:S2:123456789012,')).toEqual([
      { accessKeyId: 'AK1', secretAccessKey: 'S1' },
      { accessKeyId: 'AK2', secretAccessKey: 'S2', accountId: '123456789012' },
    ]);
    expect(() => parseCredentialsEnv('AK1')).toThrow(CredentialsConfigError);
    expect(() => parseCredentialsEnv('AK1:S:1:2')).toThrow(CredentialsConfigError);
  });

  it('parses the JSON file format', () => {
    expect(parseCredentialsJson('[{"accessKeyId":"A","secretAccessKey":"S","accountId":"111111111111"}]')).toEqual([
      { accessKeyId: 'A', secretAccessKey: 'S', accountId: '111111111111' },
    ]);
    expect(() => parseCredentialsJson('{}')).toThrow(/expected a JSON array/);
    expect(() => parseCredentialsJson('[{"accessKeyId":1}]')).toThrow(CredentialsConfigError);
    expect(() => parseCredentialsJson('nope')).toThrow(/invalid JSON/);
  });

  it('builds from env and file; accountId defaults to the default account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoll-creds-'));
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify([{ accessKeyId: 'FILEKEY', secretAccessKey: 'fs', accountId: '222222222222' }]));
    const c = StaticCredentials.fromEnv(DEF, {
      env: { ATOLL_CREDENTIALS: 'ENVKEY:es', ATOLL_CREDENTIALS_FILE: file },
    });
    expect(c.size).toBe(2);
    expect(c.secretFor('ENVKEY')).toEqual({ secretAccessKey: 'es', accountId: DEF });
    expect(c.secretFor('FILEKEY')).toEqual({ secretAccessKey: 'fs', accountId: '222222222222' });
    expect(c.secretFor('nope')).toBeUndefined();
    const explicit = StaticCredentials.fromEnv(DEF, { env: {}, filePath: file });
    expect(explicit.secretFor('FILEKEY')?.accountId).toBe('222222222222');
    expect(() => StaticCredentials.fromEnv(DEF, { env: {}, filePath: join(dir, 'missing.json') })).toThrow(
      /cannot read credentials file/,
    );
  });

  it('rejects a non 12-digit account id', () => {
    expect(() => new StaticCredentials([{ accessKeyId: 'A', secretAccessKey: 'S', accountId: '12' }], DEF)).toThrow(
      /not 12 digits/,
    );
  });
});

describe('CredentialChain', () => {
  it('consults lookups in order and accepts added lookups', () => {
    const a = new StaticCredentials([{ accessKeyId: 'K', secretAccessKey: 'a' }], DEF);
    const b = new StaticCredentials(
      [
        { accessKeyId: 'K', secretAccessKey: 'b' },
        { accessKeyId: 'L', secretAccessKey: 'l' },
      ],
      DEF,
    );
    const chain = new CredentialChain([a]);
    expect(chain.secretFor('L')).toBeUndefined();
    chain.add(b);
    expect(chain.secretFor('K')?.secretAccessKey).toBe('a');
    expect(chain.secretFor('L')?.secretAccessKey).toBe('l');
  });
});
