// CloudTrail log files as AWS writes them to S3: gzipped JSON `{"Records":[...]}` under
// [prefix/]AWSLogs/[orgId/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz
// s3-delivery.ts writes them through S3's PutObject; writeLogFile takes any sink (unit tests).
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface LogFileSink {
  put(
    bucket: string,
    key: string,
    body: Uint8Array,
    meta: { contentType: string; contentEncoding?: string },
  ): void | Promise<void>;
}

export interface LogFileTarget {
  bucket: string;
  /** S3KeyPrefix of the trail, if any. */
  prefix?: string;
  /** The account whose events the file holds. */
  accountId: string;
  /** The region the events were recorded in. */
  region: string;
  /** Organization trails put member accounts' files under the organization id. */
  organizationId?: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The 16-character unique suffix of a log file name. */
export function randomSuffix(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function logFileKey(target: LogFileTarget, time: number, suffix: string = randomSuffix()): string {
  const d = new Date(time);
  const y = d.getUTCFullYear();
  const mo = pad(d.getUTCMonth() + 1);
  const day = pad(d.getUTCDate());
  const stamp = `${y}${mo}${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
  const prefix = target.prefix ? `${target.prefix.replace(/\/+$/, '')}/` : '';
  const org = target.organizationId ? `${target.organizationId}/` : '';
  const { accountId: acct, region } = target;
  return (
    `${prefix}AWSLogs/${org}${acct}/CloudTrail/${region}/${y}/${mo}/${day}/` +
    `${acct}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`
  );
}

/** The gzipped body of a log file. */
export function logFileBody(records: readonly unknown[]): Uint8Array {
  return gzipSync(Buffer.from(JSON.stringify({ Records: records }), 'utf8'));
}

/** Writes one log file of `records` to the sink and returns its key. */
export async function writeLogFile(
  sink: LogFileSink,
  target: LogFileTarget,
  records: readonly unknown[],
  time: number,
  suffix?: string,
): Promise<string> {
  const key = logFileKey(target, time, suffix);
  await sink.put(target.bucket, key, logFileBody(records), {
    contentType: 'application/json',
    contentEncoding: 'gzip',
  });
  return key;
}
