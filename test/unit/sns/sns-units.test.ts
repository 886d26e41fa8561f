// Unit tests of SNS building blocks: retry schedules, message attribute validation, signing and certificate.
import { X509Certificate, createVerify } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_POLICY, MANAGED_POLICY, retryDelay } from '../../../src/services/sns/delivery-policy.js';
import { checkMessageAttributes } from '../../../src/services/sns/message-attributes.js';
import { migrations } from '../../../src/services/sns/schema.js';
import { SnsStore } from '../../../src/services/sns/store.js';
import { Signer } from '../../../src/services/sns/signing.js';
import { AwsError } from '../../../src/protocol/errors.js';

describe('retry policies', () => {
  it('runs the AWS-managed phases: 3 immediate, 2 at 1 s, backoff to 20 s, then 20 s', () => {
    expect([1, 2, 3].map((n) => retryDelay(MANAGED_POLICY, n))).toEqual([0, 0, 0]);
    expect([4, 5].map((n) => retryDelay(MANAGED_POLICY, n))).toEqual([1000, 1000]);
    expect(retryDelay(MANAGED_POLICY, 6)).toBe(1000);
    expect(retryDelay(MANAGED_POLICY, 15)).toBe(20_000);
    expect(retryDelay(MANAGED_POLICY, 50_000)).toBe(20_000);
    expect(retryDelay(MANAGED_POLICY, 100_016)).toBeUndefined();
  });

  it('defaults HTTP/S to three retries 20 s apart', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(DEFAULT_HTTP_POLICY, n))).toEqual([20_000, 20_000, 20_000, undefined]);
  });
});

describe('message attributes', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e instanceof AwsError ? [e.queryCode, e.message] : [String(e)];
    }
    return undefined;
  };

  it('converts to SNS {Type, Value}', () => {
    expect(
      checkMessageAttributes({
        s: { DataType: 'String', StringValue: 'x' },
        b: { DataType: 'Binary', BinaryValue: new Uint8Array([255]) },
        a: { DataType: 'String.Array', StringValue: '["x", 1, true, null]' },
      }),
    ).toEqual({
      s: { Type: 'String', Value: 'x' },
      b: { Type: 'Binary', Value: '/w==' },
      a: { Type: 'String.Array', Value: '["x", 1, true, null]' },
    });
  });

  it('rejects bad types and values with ParameterValueInvalid', () => {
    expect(code(() => checkMessageAttributes({ n: { DataType: 'Number', StringValue: 'abc' } }))).toEqual([
      'ParameterValueInvalid',
      "Could not cast message attribute 'n' value to number.",
    ]);
    expect(code(() => checkMessageAttributes({ s: { DataType: 'String', StringValue: '' } }))).toEqual([
      'ParameterValueInvalid',
      "The message attribute 's' must contain non-empty message attribute value for message attribute type 'String'.",
    ]);
    expect(code(() => checkMessageAttributes({ a: { DataType: 'String.Array', StringValue: '{}' } }))?.[0]).toBe(
      'ParameterValueInvalid',
    );
  });
});

describe('signing', () => {
  it('signs the canonical string with a key its self-signed certificate verifies, and persists the key', () => {
    const db = new Database(':memory:');
    for (const m of migrations) m.up(db);
    const store = new SnsStore(db);
    const signer = new Signer(store, () => Date.now());
    const msg = { Type: 'Notification', MessageId: 'id', TopicArn: 't', Message: 'm', Timestamp: 'ts' };
    const sig = signer.sign(msg);
    const cert = new X509Certificate(signer.certificate());
    expect(cert.verify(cert.publicKey)).toBe(true);
    const canonical = 'Message\nm\nMessageId\nid\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n';
    expect(createVerify('RSA-SHA1').update(canonical).verify(cert.publicKey, sig, 'base64')).toBe(true);
    // A second signer over the same store uses the same persisted key.
    expect(new Signer(store, () => Date.now()).certificate()).toBe(signer.certificate());
  });
});
