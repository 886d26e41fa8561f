// Issues temporary credentials: ASIA... keys with a session token, persisted (so they survive a restart) and known
// to SigV4 through the directory until they expire.
import type { Credentials } from '../../../generated/sts/types.js';
import type { IamDirectory } from '../../iam/directory.js';
import { accessKeyId, secretAccessKey, sessionToken } from '../../iam/ids.js';
import type { SessionData } from '../../iam/records.js';

export function issue(dir: IamDirectory, accountId: string, durationSeconds: number, data: SessionData): Credentials {
  const key = accessKeyId('ASIA');
  const secret = secretAccessKey();
  const token = sessionToken();
  // AWS reports expiration to the second.
  const expires = Math.floor((data.issuedAt + durationSeconds * 1000) / 1000) * 1000;
  dir.store.putSession({ key_id: key, account_id: accountId, secret, token, expires_at: expires }, data);
  dir.changed();
  return { AccessKeyId: key, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(expires) };
}
