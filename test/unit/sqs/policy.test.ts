import { describe, expect, it } from 'vitest';
import { addPermission, removePermission } from '../../../src/services/sqs/policy.js';
import { AwsError } from '../../../src/protocol/errors.js';

const ARN = 'arn:aws:sqs:us-east-1:000000000000:q';

describe('AddPermission / RemovePermission policy edits', () => {
  it('creates the default policy document with one statement per label', () => {
    const p = JSON.parse(addPermission(undefined, ARN, 'L1', ['111111111111'], ['SendMessage']));
    expect(p).toEqual({
      Version: '2012-10-17',
      Id: `${ARN}/SQSDefaultPolicy`,
      Statement: [
        {
          Sid: 'L1',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'SQS:SendMessage',
          Resource: ARN,
        },
      ],
    });
  });

  it('lists several principals and actions as arrays and appends statements', () => {
    const one = addPermission(undefined, ARN, 'L1', ['111111111111'], ['SendMessage']);
    const two = JSON.parse(
      addPermission(one, ARN, 'L2', ['111111111111', '222222222222'], ['ReceiveMessage', 'DeleteMessage']),
    );
    expect(two.Statement).toHaveLength(2);
    expect(two.Statement[1].Principal.AWS).toEqual([
      'arn:aws:iam::111111111111:root',
      'arn:aws:iam::222222222222:root',
    ]);
    expect(two.Statement[1].Action).toEqual(['SQS:ReceiveMessage', 'SQS:DeleteMessage']);
  });

  it('refuses a duplicate label and owner-only actions', () => {
    const one = addPermission(undefined, ARN, 'L1', ['111111111111'], ['SendMessage']);
    expect(() => addPermission(one, ARN, 'L1', ['111111111111'], ['SendMessage'])).toThrow(
      'Value L1 for parameter Label is invalid. Reason: Already exists.',
    );
    expect(() => addPermission(undefined, ARN, 'L3', ['111111111111'], ['CreateQueue'])).toThrow(AwsError);
  });

  it('removes statements and drops the policy with the last one', () => {
    const one = addPermission(undefined, ARN, 'L1', ['111111111111'], ['SendMessage']);
    const two = addPermission(one, ARN, 'L2', ['111111111111'], ['*']);
    expect(JSON.parse(removePermission(two, ARN, 'L1')).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['L2']);
    expect(removePermission(one, ARN, 'L1')).toBe('');
    expect(() => removePermission(one, ARN, 'nope')).toThrow("can't find label on existing policy.");
  });
});
