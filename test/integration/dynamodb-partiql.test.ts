// PartiQL for DynamoDB (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) with the official SDK, plus
// hand-signed malformed statements.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DynamoDBClient,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { useAtoll } from '../helpers/atoll.js';
import { rawRequest } from '../helpers/raw.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let client: DynamoDBClient | undefined;
const ddb = () =>
  (client ??= new DynamoDBClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }));
const T = uniqueName('pql');
const exec = (Statement: string, Parameters?: AttributeValue[], extra: Record<string, unknown> = {}) =>
  ddb().send(new ExecuteStatementCommand({ Statement, ...(Parameters ? { Parameters } : {}), ...extra }));

beforeAll(async () => {
  await ddb().send(
    new CreateTableCommand({
      TableName: T,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byG',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let i = 0; i < 6; i++) {
    await ddb().send(
      new PutItemCommand({
        TableName: T,
        Item: {
          pk: { S: 'a' },
          sk: { N: String(i) },
          name: { S: `item-${i}` },
          tags: { SS: [`t${i}`, 'all'] },
          g: { S: i % 2 ? 'odd' : 'even' },
          ...(i === 0 ? { extra: { M: { x: { N: '1' } } } } : {}),
        },
      }),
    );
  }
  await ddb().send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'b' }, sk: { N: '1' }, name: { S: 'bee' } } }));
});

describe('ExecuteStatement SELECT', () => {
  it('queries a partition with key and non-key conditions and projects', async () => {
    const r = await exec(
      `SELECT name, sk FROM "${T}" WHERE pk = ? AND sk BETWEEN 1 AND 3 AND begins_with(name, 'item')`,
      [{ S: 'a' }],
    );
    expect(r.Items).toEqual([
      { name: { S: 'item-1' }, sk: { N: '1' } },
      { name: { S: 'item-2' }, sk: { N: '2' } },
      { name: { S: 'item-3' }, sk: { N: '3' } },
    ]);
  });

  it('supports IN, contains, size, attribute_exists and IS MISSING', async () => {
    const a = await exec(`SELECT sk FROM "${T}" WHERE pk IN ['a', 'b'] AND sk IN [1, 5]`);
    expect(a.Items).toEqual([{ sk: { N: '1' } }, { sk: { N: '5' } }, { sk: { N: '1' } }]);
    const b = await exec(`SELECT sk FROM "${T}" WHERE pk = 'a' AND contains(tags, 't4')`);
    expect(b.Items).toEqual([{ sk: { N: '4' } }]);
    const c = await exec(`SELECT sk FROM "${T}" WHERE pk = 'a' AND attribute_exists(extra.x)`);
    expect(c.Items).toEqual([{ sk: { N: '0' } }]);
    const d = await exec(`SELECT sk FROM "${T}" WHERE pk = 'a' AND extra IS NOT MISSING`);
    expect(d.Items).toEqual([{ sk: { N: '0' } }]);
    const e = await exec(`SELECT name FROM "${T}" WHERE tags IS MISSING`);
    expect(e.Items).toEqual([{ name: { S: 'bee' } }]);
    const f = await exec(`SELECT sk FROM "${T}" WHERE pk = 'a' AND size(name) > 5 AND sk >= 5`);
    expect(f.Items).toEqual([{ sk: { N: '5' } }]);
  });

  it('scans without a key condition and pages with Limit/NextToken', async () => {
    const seen: Record<string, AttributeValue>[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await exec(`SELECT pk, sk FROM "${T}"`, undefined, {
        Limit: 3,
        ...(token ? { NextToken: token } : {}),
      });
      seen.push(...(r.Items ?? []));
      token = r.NextToken;
      if (token) expect(r.LastEvaluatedKey).toBeDefined();
      pages++;
    } while (token && pages < 10);
    expect(seen).toHaveLength(7);
    expect(pages).toBe(3);
  });

  it('orders by the sort key descending and reads an index', async () => {
    const r = await exec(`SELECT sk FROM "${T}" WHERE pk = 'a' ORDER BY sk DESC`);
    expect(r.Items?.map((i) => i.sk?.N)).toEqual(['5', '4', '3', '2', '1', '0']);
    const g = await exec(`SELECT sk FROM "${T}"."byG" WHERE g = 'odd'`);
    expect(g.Items?.map((i) => i.sk?.N).sort()).toEqual(['1', '3', '5']);
    await expectAwsError(exec(`SELECT * FROM "${T}"."nope" WHERE g = 'odd'`), {
      name: 'ValidationException',
      message: 'The table does not have the specified index: nope',
    });
    await expectAwsError(exec(`SELECT * FROM "${T}"."byG" WHERE g = 'odd'`, undefined, { ConsistentRead: true }), {
      name: 'ValidationException',
      message: 'Consistent reads are not supported on global secondary indexes',
    });
  });

  it('answers AWS errors for bad statements, parameters and tables', async () => {
    await expectAwsError(exec(`SELEC * FROM "${T}"`), {
      name: 'ValidationException',
      message: "Statement wasn't well formed, can't be processed: Expected data manipulation",
    });
    await expectAwsError(exec(`SELECT * FROM "${T}" WHERE pk = ?`), {
      name: 'ValidationException',
      message: "Number of parameters in request and statement don't match.",
    });
    await expectAwsError(exec(`SELECT * FROM "${T}" WHERE pk = 'a'`, [{ S: 'x' }]), {
      name: 'ValidationException',
      message: "Number of parameters in request and statement don't match.",
    });
    await expectAwsError(exec(`SELECT * FROM "${T}" WHERE pk = 'a`), {
      name: 'ValidationException',
      message: /^Statement wasn't well formed, can't be processed: /,
    });
    await expectAwsError(exec(`SELECT * FROM "no-such-table"`), {
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
    });
  });
});

describe('ExecuteStatement writes', () => {
  it('INSERTs, rejects duplicates and UPDATEs with SET/REMOVE and RETURNING', async () => {
    await exec(`INSERT INTO "${T}" VALUE {'pk': ?, 'sk': 1, 'n': 5, 'l': [1, 'x'], 's': <<'a', 'b'>>, 'old': true}`, [
      { S: 'w' },
    ]);
    await expectAwsError(exec(`INSERT INTO "${T}" VALUE {'pk': 'w', 'sk': 1}`), {
      name: 'DuplicateItemException',
      message: 'Duplicate primary key exists in table',
    });
    const u = await exec(
      `UPDATE "${T}" SET n = n + 2 SET s = set_add(s, <<'c'>>), l = list_append(l, [true]) REMOVE old WHERE pk = 'w' AND sk = 1 RETURNING ALL NEW *`,
    );
    expect(u.Items?.[0]).toMatchObject({ n: { N: '7' }, l: { L: [{ N: '1' }, { S: 'x' }, { BOOL: true }] } });
    expect(u.Items?.[0]?.old).toBeUndefined();
    const got = await ddb().send(new GetItemCommand({ TableName: T, Key: { pk: { S: 'w' }, sk: { N: '1' } } }));
    expect(got.Item?.s?.SS?.sort()).toEqual(['a', 'b', 'c']);
    const plain = await exec(`UPDATE "${T}" SET n = 1 WHERE pk = 'w' AND sk = 1`);
    expect(plain.Items).toEqual([]);
  });

  it('requires the full key and an existing item for UPDATE; conditions fail with ConditionalCheckFailed', async () => {
    await expectAwsError(exec(`UPDATE "${T}" SET n = 1 WHERE pk = 'w'`), {
      name: 'ValidationException',
      message: 'Where clause does not contain a mandatory equality on all key attributes',
    });
    await expectAwsError(exec(`UPDATE "${T}" SET n = 1 WHERE pk = 'nobody' AND sk = 1`), {
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
    });
    const err = await expectAwsError(
      exec(`UPDATE "${T}" SET n = 2 WHERE pk = 'w' AND sk = 1 AND n = 99`, undefined, {
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      { name: 'ConditionalCheckFailedException' },
    );
    expect((err as unknown as { Item?: Record<string, AttributeValue> }).Item?.n).toEqual({ N: '1' });
    await expectAwsError(exec(`UPDATE "${T}" SET sk = 2 WHERE pk = 'w' AND sk = 1`), {
      name: 'ValidationException',
      message:
        'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
    });
  });

  it('DELETEs with conditions and RETURNING ALL OLD', async () => {
    await exec(`INSERT INTO "${T}" VALUE {'pk': 'd', 'sk': 1, 'v': 'x'}`);
    await expectAwsError(exec(`DELETE FROM "${T}" WHERE pk = 'd' AND sk = 1 AND v = 'y'`), {
      name: 'ConditionalCheckFailedException',
    });
    const r = await exec(`DELETE FROM "${T}" WHERE pk = 'd' AND sk = 1 RETURNING ALL OLD *`);
    expect(r.Items).toEqual([{ pk: { S: 'd' }, sk: { N: '1' }, v: { S: 'x' } }]);
    const again = await exec(`DELETE FROM "${T}" WHERE pk = 'd' AND sk = 1`);
    expect(again.Items).toEqual([]);
  });
});

describe('BatchExecuteStatement', () => {
  it('runs writes with per-statement errors and reads by full key', async () => {
    const w = await ddb().send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'bx', 'sk': 1}` },
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'a', 'sk': 1}` },
          { Statement: `UPDATE "${T}" SET q = 1 WHERE pk = 'zz' AND sk = 1` },
          { Statement: `INSERT INTO "no-such" VALUE {'pk': 'a', 'sk': 1}` },
          { Statement: `BOGUS` },
        ],
      }),
    );
    expect(w.Responses?.[0]).toEqual({ TableName: T });
    expect(w.Responses?.[1]?.Error).toEqual({
      Code: 'DuplicateItem',
      Message: 'Duplicate primary key exists in table',
    });
    expect(w.Responses?.[2]?.Error?.Code).toBe('ConditionalCheckFailed');
    expect(w.Responses?.[3]?.Error?.Code).toBe('ResourceNotFound');
    expect(w.Responses?.[4]?.Error).toEqual({
      Code: 'ValidationError',
      Message: "Statement wasn't well formed, can't be processed: Expected data manipulation",
    });
    const r = await ddb().send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT * FROM "${T}" WHERE pk = ? AND sk = ?`, Parameters: [{ S: 'bx' }, { N: '1' }] },
          { Statement: `SELECT * FROM "${T}" WHERE pk = 'missing' AND sk = 1` },
          { Statement: `SELECT * FROM "${T}" WHERE pk = 'a'` },
        ],
      }),
    );
    expect(r.Responses?.[0]).toEqual({ TableName: T, Item: { pk: { S: 'bx' }, sk: { N: '1' } } });
    expect(r.Responses?.[1]).toEqual({ TableName: T });
    expect(r.Responses?.[2]?.Error?.Code).toBe('ValidationError');
  });

  it('rejects mixing reads and writes', async () => {
    await expectAwsError(
      ddb().send(
        new BatchExecuteStatementCommand({
          Statements: [
            { Statement: `SELECT * FROM "${T}" WHERE pk = 'a' AND sk = 1` },
            { Statement: `DELETE FROM "${T}" WHERE pk = 'a' AND sk = 1` },
          ],
        }),
      ),
      { name: 'ValidationException' },
    );
  });
});

describe('ExecuteTransaction', () => {
  it('commits all writes atomically, or cancels with reasons in order', async () => {
    await ddb().send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'tx', 'sk': 1, 'v': 1}` },
          { Statement: `INSERT INTO "${T}" VALUE {'pk': 'tx', 'sk': 2, 'v': 1}` },
          { Statement: `EXISTS(SELECT * FROM "${T}" WHERE pk = 'a' AND sk = 1 AND name = 'item-1')` },
        ],
      }),
    );
    const err = await expectAwsError(
      ddb().send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `UPDATE "${T}" SET v = 2 WHERE pk = 'tx' AND sk = 1` },
            { Statement: `INSERT INTO "${T}" VALUE {'pk': 'tx', 'sk': 2}` },
            { Statement: `EXISTS(SELECT * FROM "${T}" WHERE pk = 'a' AND sk = 1 AND name = 'other')` },
          ],
        }),
      ),
      { name: 'TransactionCanceledException' },
    );
    expect((err as unknown as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    const v = await exec(`SELECT v FROM "${T}" WHERE pk = 'tx' AND sk = 1`);
    expect(v.Items).toEqual([{ v: { N: '1' } }]);
  });

  it('reads consistently, is idempotent with ClientRequestToken, and rejects bad mixes', async () => {
    const r = await ddb().send(
      new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `SELECT v FROM "${T}" WHERE pk = 'tx' AND sk = 2` },
          { Statement: `SELECT * FROM "${T}" WHERE pk = 'none' AND sk = 2` },
        ],
      }),
    );
    expect(r.Responses).toEqual([{ Item: { v: { N: '1' } } }, {}]);
    const stmt = { Statement: `UPDATE "${T}" SET v = v + 1 WHERE pk = 'tx' AND sk = 2` };
    await ddb().send(new ExecuteTransactionCommand({ TransactStatements: [stmt], ClientRequestToken: 'tok-1' }));
    await ddb().send(new ExecuteTransactionCommand({ TransactStatements: [stmt], ClientRequestToken: 'tok-1' }));
    const v = await exec(`SELECT v FROM "${T}" WHERE pk = 'tx' AND sk = 2`);
    expect(v.Items).toEqual([{ v: { N: '2' } }]);
    await expectAwsError(
      ddb().send(
        new ExecuteTransactionCommand({
          TransactStatements: [{ ...stmt, Statement: stmt.Statement + ' AND v = 9' }],
          ClientRequestToken: 'tok-1',
        }),
      ),
      { name: 'IdempotentParameterMismatchException' },
    );
    await expectAwsError(
      ddb().send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `SELECT * FROM "${T}" WHERE pk = 'tx' AND sk = 2` },
            { Statement: `DELETE FROM "${T}" WHERE pk = 'tx' AND sk = 2` },
          ],
        }),
      ),
      { name: 'ValidationException', message: 'Transaction request cannot include both read and write statements' },
    );
    await expectAwsError(
      ddb().send(
        new ExecuteTransactionCommand({
          TransactStatements: [
            { Statement: `DELETE FROM "${T}" WHERE pk = 'tx' AND sk = 2` },
            { Statement: `UPDATE "${T}" SET v = 3 WHERE pk = 'tx' AND sk = 2` },
          ],
        }),
      ),
      { name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' },
    );
  });
});

describe('malformed PartiQL requests (hand-signed)', () => {
  const call = async (op: string, body: unknown) => {
    const res = await rawRequest(ctx.endpoint, {
      method: 'POST',
      path: '/',
      service: 'dynamodb',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${op}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: JSON.parse(res.body) as { __type: string; message?: string } };
  };

  it('rejects garbage statements, bad parameter values and a missing Statement', async () => {
    const a = await call('ExecuteStatement', { Statement: `SELECT * FROM "${T}" WHERE pk = 'a' AND` });
    expect(a.status).toBe(400);
    expect(a.body.__type).toBe('com.amazon.coral.validate#ValidationException');
    expect(a.body.message).toMatch(/^Statement wasn't well formed, can't be processed: /);
    const b = await call('ExecuteStatement', {
      Statement: `SELECT * FROM "${T}" WHERE pk = ?`,
      Parameters: [{ S: 'a', N: '1' }],
    });
    expect(b.body.message).toBe(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
    const c = await call('ExecuteStatement', {});
    expect(c.status).toBe(400);
    expect(c.body.__type).toMatch(/ValidationException$/);
    const d = await call('ExecuteStatement', { Statement: `SELECT * FROM "${T}" WHERE pk = 'a' ;;` });
    expect(d.body.message).toMatch(/^Statement wasn't well formed, can't be processed: /);
    const e = await call('ExecuteTransaction', { TransactStatements: [{ Statement: 'DROP TABLE x' }] });
    expect(e.body.message).toBe("Statement wasn't well formed, can't be processed: Expected data manipulation");
    const stmt = { Statement: `SELECT * FROM "${T}" WHERE pk = 'a' AND sk = 1` };
    const f = await call('BatchExecuteStatement', { Statements: Array.from({ length: 26 }, () => stmt) });
    expect(f.status).toBe(400);
    expect(f.body.message).toMatch(/Member must have length less than or equal to 25/);
    const g = await call('ExecuteTransaction', { TransactStatements: Array.from({ length: 101 }, () => stmt) });
    expect(g.body.message).toMatch(/Member must have length less than or equal to 100/);
    const h = await call('ExecuteStatement', { Statement: `SELECT * FROM "${T}"`, NextToken: 'not-a-token' });
    expect(h.body.message).toBe('Given NextToken is not valid');
  });
});

describe('IAM for PartiQL', () => {
  it('authorizes dynamodb:PartiQL<Verb> on the named table', async () => {
    const cfg = { endpoint: ctx.endpoint, region: 'us-east-1', maxAttempts: 1 };
    const iam = new IAMClient({ ...cfg, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const name = uniqueName('pu');
    await iam.send(new CreateUserCommand({ UserName: name }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'dynamodb:PartiQLSelect',
          Resource: `arn:aws:dynamodb:us-east-1:000000000000:table/${T}`,
        },
      ],
    };
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    const limited = new DynamoDBClient({
      ...cfg,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
    });
    const r = await limited.send(new ExecuteStatementCommand({ Statement: `SELECT sk FROM "${T}" WHERE pk = 'b'` }));
    expect(r.Items).toEqual([{ sk: { N: '1' } }]);
    const denied = await limited
      .send(new ExecuteStatementCommand({ Statement: `DELETE FROM "${T}" WHERE pk = 'b' AND sk = 1` }))
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.message).toMatch(/dynamodb:PartiQLDelete/);
    limited.destroy();
    iam.destroy();
  });
});
