// The S3 log-file writer: AWS's key layout and gzipped {"Records": [...]} bodies, written to an injected sink.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { logFileKey, randomSuffix, writeLogFile, type LogFileSink } from '../../../src/services/cloudtrail/log-file.js';

const T = Date.UTC(2024, 0, 5, 9, 7, 30);

describe('CloudTrail log files', () => {
  it('uses AWS key layout', () => {
    expect(logFileKey({ bucket: 'b', accountId: '111111111111', region: 'eu-west-1' }, T, 'abcdefghijklmnop')).toBe(
      'AWSLogs/111111111111/CloudTrail/eu-west-1/2024/01/05/111111111111_CloudTrail_eu-west-1_20240105T0907Z_abcdefghijklmnop.json.gz',
    );
    expect(
      logFileKey(
        { bucket: 'b', prefix: 'audit/', accountId: '222222222222', region: 'us-east-1', organizationId: 'o-abc123' },
        T,
        'X',
      ),
    ).toBe(
      'audit/AWSLogs/o-abc123/222222222222/CloudTrail/us-east-1/2024/01/05/222222222222_CloudTrail_us-east-1_20240105T0907Z_X.json.gz',
    );
    expect(randomSuffix()).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('writes gzipped JSON records to the sink', async () => {
    const puts: Array<{ bucket: string; key: string; body: Uint8Array; meta: object }> = [];
    const sink: LogFileSink = { put: (bucket, key, body, meta) => void puts.push({ bucket, key, body, meta }) };
    const records = [{ eventName: 'CreateTrail' }, { eventName: 'StartLogging' }];
    const key = await writeLogFile(
      sink,
      { bucket: 'logs', accountId: '111111111111', region: 'us-east-1' },
      records,
      T,
    );
    expect(puts).toHaveLength(1);
    expect(puts[0]!.bucket).toBe('logs');
    expect(puts[0]!.key).toBe(key);
    expect(key).toMatch(/_CloudTrail_us-east-1_20240105T0907Z_[A-Za-z0-9]{16}\.json\.gz$/);
    expect(puts[0]!.meta).toEqual({ contentType: 'application/json', contentEncoding: 'gzip' });
    expect(JSON.parse(gunzipSync(puts[0]!.body).toString('utf8'))).toEqual({ Records: records });
  });
});
