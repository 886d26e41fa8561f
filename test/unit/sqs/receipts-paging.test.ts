import { describe, expect, it } from 'vitest';
import { decodeReceipt, encodeReceipt } from '../../../src/services/sqs/receipts.js';
import { paginate } from '../../../src/services/sqs/paging.js';
import { sequenceNumber } from '../../../src/services/sqs/fifo.js';
import { parseQueueArn } from '../../../src/services/sqs/urls.js';

describe('receipt handles', () => {
  it('round-trips and rejects garbage', () => {
    const r = { queueId: 7, messageRowId: 123456789, nonce: 42 };
    expect(decodeReceipt(encodeReceipt(r))).toEqual(r);
    expect(decodeReceipt('garbage')).toBeUndefined();
    expect(decodeReceipt('')).toBeUndefined();
  });
});

describe('pagination', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  it('pages with NextToken only when MaxResults is given', () => {
    expect(paginate(names, undefined, undefined)).toEqual({ items: names });
    const p1 = paginate(names, 2, undefined);
    expect(p1.items).toEqual(['a', 'b']);
    const p2 = paginate(names, 2, p1.nextToken);
    expect(p2.items).toEqual(['c', 'd']);
    const p3 = paginate(names, 2, p2.nextToken);
    expect(p3).toEqual({ items: ['e'] });
  });
  it('rejects MaxResults outside 1-1000', () => {
    expect(() => paginate(names, 0, undefined)).toThrow('MaxResults');
    expect(() => paginate(names, 1001, undefined)).toThrow('MaxResults');
  });
});

describe('FIFO sequence numbers and ARNs', () => {
  it('are 20-digit increasing strings', () => {
    expect(sequenceNumber(1)).toHaveLength(20);
    expect(BigInt(sequenceNumber(2)) > BigInt(sequenceNumber(1))).toBe(true);
  });
  it('parses queue ARNs', () => {
    expect(parseQueueArn('arn:aws:sqs:eu-west-1:123456789012:q.fifo')).toEqual({
      region: 'eu-west-1',
      accountId: '123456789012',
      name: 'q.fifo',
    });
    expect(parseQueueArn('arn:aws:sns:eu-west-1:123456789012:q')).toBeUndefined();
  });
});
