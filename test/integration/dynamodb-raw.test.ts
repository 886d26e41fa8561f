// Malformed DynamoDB requests, hand-signed: AWS's error codes and messages, and no state damage.
import { describe, expect, it, beforeAll } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { rawRequest } from '../helpers/raw.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const TABLE = uniqueName('raw');

async function call(target: string, body: unknown) {
  const res = await rawRequest(ctx.endpoint, {
    method: 'POST',
    path: '/',
    service: 'dynamodb',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(res.body) as { __type: string; message?: string } };
}

const ddb = (op: string, body: unknown) => call(`DynamoDB_20120810.${op}`, body);

beforeAll(async () => {
  await ddb('CreateTable', {
    TableName: TABLE,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
});

describe('malformed DynamoDB requests', () => {
  it('rejects an attribute value with two types', async () => {
    const r = await ddb('PutItem', { TableName: TABLE, Item: { id: { S: 'a' }, x: { S: 'a', N: '1' } } });
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe('com.amazon.coral.validate#ValidationException');
    expect(r.body.message).toBe(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  });

  it('rejects a key of the wrong type on PutItem', async () => {
    const r = await ddb('PutItem', { TableName: TABLE, Item: { id: { N: '1' } } });
    expect(r.body.message).toBe(
      'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N',
    );
  });

  it('reports a missing table on the data plane', async () => {
    const r = await ddb('GetItem', { TableName: 'nope-nope', Key: { id: { S: 'a' } } });
    expect(r.body.__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
    expect(r.body.message).toBe('Requested resource not found');
  });

  it('rejects unparseable JSON and model violations', async () => {
    const bad = await ddb('GetItem', '{');
    expect(bad.body.__type).toMatch(/SerializationException$/);
    const short = await ddb('CreateTable', {
      TableName: 'ab',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(short.body.message).toBe(
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('rejects a garbage shard iterator', async () => {
    const r = await call('DynamoDBStreams_20120810.GetRecords', { ShardIterator: 'garbage' });
    expect(r.status).toBe(400);
    expect(r.body.__type).toMatch(/ValidationException$/);
  });

  it('left the table usable', async () => {
    const put = await ddb('PutItem', { TableName: TABLE, Item: { id: { S: 'ok' } } });
    expect(put.status).toBe(200);
    const get = await ddb('GetItem', { TableName: TABLE, Key: { id: { S: 'ok' } } });
    expect(get.body).toEqual({ Item: { id: { S: 'ok' } } });
  });
});
