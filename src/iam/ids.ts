// Identifiers in AWS's shapes: unique ids are a 4-letter type prefix plus 17 base32 characters (AIDA... users,
// AGPA... groups, AROA... roles, ANPA... policies, AIPA... instance profiles); access key ids are 20 characters
// (AKIA... long-term, ASIA... temporary).
import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += BASE32[bytes[i]! % 32];
  return out;
}

export type IdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA';

export const uniqueId = (prefix: IdPrefix): string => prefix + base32(17);
export const accessKeyId = (prefix: 'AKIA' | 'ASIA'): string => prefix + base32(16);
export const secretAccessKey = (): string =>
  randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B').slice(0, 40);
export const sessionToken = (): string => 'IQoJb3JpZ2luX2VjE' + randomBytes(180).toString('base64');

/** arn:aws:iam::<account>:<type>/<path><name>; paths start and end with '/'. */
export const iamArn = (accountId: string, type: string, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:${type}${path}${name}`;
