import { describe, expect, it } from 'vitest';
import {
  RESERVED_WORD_COUNT,
  applyUpdate,
  attributeUpdatesToAst,
  checkParameterMix,
  createExpressionAttributes,
  evaluateCondition,
  expectedToCondition,
  filterToCondition,
  isReservedWord,
  keyConditionsToKeyCondition,
  matchesKeyCondition,
  parseCondition,
  parseKeyCondition,
  parseProjection,
  parseUpdate,
  project,
  type KeySchema,
} from '../../../src/services/dynamodb/expressions/index.js';
import { attrs } from './helpers.js';

function message(fn: () => unknown): string {
  try {
    fn();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('reserved words', () => {
  it('holds the documented list, case-insensitively', () => {
    expect(RESERVED_WORD_COUNT).toBe(573);
    for (const w of ['status', 'Name', 'DATA', 'size', 'ttl', 'zone', 'abort']) expect(isReservedWord(w)).toBe(true);
    for (const w of ['price', 'id', 'pk', 'sk', 'owner_id']) expect(isReservedWord(w)).toBe(false);
  });
});

describe('ExpressionAttributes', () => {
  it('reports unused names and values after all expressions parsed', () => {
    const a = createExpressionAttributes({ '#a': 'a', '#b': 'b' }, { ':v': { S: 'x' }, ':w': { N: '1' } });
    parseCondition('#a = :v', a);
    expect(message(() => a.assertAllUsed())).toBe(
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}',
    );
    parseProjection('#b', a);
    expect(message(() => a.assertAllUsed())).toBe(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}',
    );
    parseUpdate('SET x = :w', a);
    expect(message(() => a.assertAllUsed())).toBe('');
  });

  it('validates the maps themselves', () => {
    expect(message(() => createExpressionAttributes({}))).toBe('ExpressionAttributeNames must not be empty');
    expect(message(() => createExpressionAttributes(undefined, {}))).toBe(
      'ExpressionAttributeValues must not be empty',
    );
    expect(message(() => createExpressionAttributes({ n: 'x' }))).toBe(
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "n"',
    );
    expect(message(() => createExpressionAttributes(undefined, { v: { S: 'x' } }))).toBe(
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"',
    );
    expect(message(() => createExpressionAttributes(undefined, { ':v': {} }))).toBe(
      'ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v',
    );
  });
});

describe('ProjectionExpression', () => {
  const item = {
    a: { S: '1' },
    m: { M: { x: { N: '1' }, y: { M: { z: { S: 'deep' } } } } },
    l: { L: [{ S: 'l0' }, { M: { k: { S: 'v' }, o: { S: 'other' } } }, { S: 'l2' }, { S: 'l3' }] },
  };

  it('projects nested paths and compacts list elements', () => {
    expect(project(item, parseProjection('a, m.y.z, l[3], l[1].k, nope', attrs()))).toEqual({
      a: { S: '1' },
      m: { M: { y: { M: { z: { S: 'deep' } } } } },
      l: { L: [{ M: { k: { S: 'v' } } }, { S: 'l3' }] },
    });
    expect(project(item, parseProjection('#m.x', attrs({ '#m': 'm' })))).toEqual({ m: { M: { x: { N: '1' } } } });
    expect(project(item, parseProjection('a.b, l[9]', attrs()))).toEqual({});
  });

  it('rejects overlapping paths and bad syntax', () => {
    expect(message(() => parseProjection('a, a.b', attrs()))).toBe(
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
    expect(message(() => parseProjection('a,', attrs()))).toBe(
      'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: "a,"',
    );
    expect(message(() => parseProjection('status', attrs()))).toBe(
      'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status',
    );
  });
});

describe('KeyConditionExpression', () => {
  const schema: KeySchema = { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' } };
  const v = { ':p': { S: 'a' }, ':n': { N: '5' }, ':m': { N: '9' }, ':s': { S: 'x' } };
  const parse = (expr: string, values: Record<string, { S: string } | { N: string }> = v) =>
    parseKeyCondition(expr, attrs({ '#s': 'sk' }, values), schema);

  it('parses partition and sort key conditions', () => {
    expect(parse('pk = :p')).toEqual({ partitionKey: { name: 'pk', value: { S: 'a' } } });
    expect(parse('pk = :p AND sk > :n').sortKey).toEqual({ name: 'sk', op: '>', values: [{ N: '5' }] });
    expect(parse(':n <= #s AND :p = pk').sortKey).toEqual({ name: 'sk', op: '>=', values: [{ N: '5' }] });
    expect(parse('pk = :p AND sk BETWEEN :n AND :m').sortKey?.op).toBe('BETWEEN');
    const kc = parse('pk = :p AND #s BETWEEN :n AND :m');
    expect(matchesKeyCondition(kc, { pk: { S: 'a' }, sk: { N: '7' } })).toBe(true);
    expect(matchesKeyCondition(kc, { pk: { S: 'a' }, sk: { N: '10' } })).toBe(false);
    expect(matchesKeyCondition(kc, { pk: { S: 'b' }, sk: { N: '7' } })).toBe(false);
  });

  it('rejects what AWS rejects', () => {
    expect(message(() => parse('pk = :p OR sk = :n'))).toBe('Invalid operator used in KeyConditionExpression: OR');
    expect(message(() => parse('pk IN (:p)'))).toBe('Invalid operator used in KeyConditionExpression: IN');
    expect(message(() => parse('pk = :p AND attribute_exists(sk)'))).toBe(
      'Invalid operator used in KeyConditionExpression: attribute_exists',
    );
    expect(message(() => parse('sk = :n'))).toBe('Query condition missed key schema element: pk');
    expect(message(() => parse('pk = :p AND foo = :n'))).toBe('Query condition missed key schema element: sk');
    expect(message(() => parse('pk > :p'))).toBe('Query key condition not supported');
    expect(message(() => parse('pk = :p AND sk > :n AND sk < :m'))).toBe(
      'Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key',
    );
    expect(message(() => parse('pk = :n'))).toBe(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    expect(message(() => parse('pk = :p AND begins_with(sk, :s)'))).toBe(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    expect(message(() => parse('pk = :p AND'))).toBe(
      'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: ":p AND"',
    );
  });
});

describe('legacy parameters', () => {
  const item = { a: { N: '5' }, s: { S: 'hello' }, ss: { SS: ['x'] } };

  it('Expected', () => {
    const eq = expectedToCondition({ a: { Value: { N: '5' } }, b: { Exists: false } })!;
    expect(evaluateCondition(eq, item)).toBe(true);
    const or = expectedToCondition({ a: { Value: { N: '6' } }, s: { Exists: true, Value: { S: 'hello' } } }, 'OR')!;
    expect(evaluateCondition(or, item)).toBe(true);
    const op = expectedToCondition({
      a: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] },
    })!;
    expect(evaluateCondition(op, item)).toBe(true);
    expect(message(() => expectedToCondition({ a: { Exists: true } }))).toBe(
      'One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a',
    );
    expect(message(() => expectedToCondition({ a: { ComparisonOperator: 'EQ', AttributeValueList: [] } }))).toBe(
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    );
    expect(
      message(() => expectedToCondition({ a: { ComparisonOperator: 'GT', AttributeValueList: [{ BOOL: true }] } })),
    ).toBe(
      'One or more parameter values were invalid: ComparisonOperator GT is not valid for BOOL AttributeValue type',
    );
  });

  it('QueryFilter / ScanFilter', () => {
    const f = (filter: Parameters<typeof filterToCondition>[0], op?: string) =>
      evaluateCondition(filterToCondition(filter, op)!, item);
    expect(f({ s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'he' }] } })).toBe(true);
    expect(f({ ss: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'x' }] } })).toBe(true);
    expect(f({ ss: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } })).toBe(false);
    expect(f({ z: { ComparisonOperator: 'NULL' }, a: { ComparisonOperator: 'NOT_NULL' } })).toBe(true);
    expect(f({ a: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '1' }, { N: '5' }] } })).toBe(true);
    expect(
      f(
        { a: { ComparisonOperator: 'NE', AttributeValueList: [{ N: '5' }] }, s: { ComparisonOperator: 'NOT_NULL' } },
        'OR',
      ),
    ).toBe(true);
  });

  it('KeyConditions', () => {
    const schema: KeySchema = { partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'S' } };
    const kc = keyConditionsToKeyCondition(
      {
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] },
        sk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] },
      },
      schema,
    );
    expect(kc.sortKey).toEqual({ name: 'sk', op: 'BEGINS_WITH', values: [{ S: 'x' }] });
    expect(
      message(() =>
        keyConditionsToKeyCondition({ pk: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'a' }] } }, schema),
      ),
    ).toBe('One or more parameter values were invalid: Attempted conditional constraint is not an indexable operation');
  });

  it('AttributeUpdates', () => {
    const ast = attributeUpdatesToAst({
      a: { Action: 'ADD', Value: { N: '1' } },
      s: { Value: { S: 'new' } },
      ss: { Action: 'DELETE', Value: { SS: ['x'] } },
      l: { Action: 'ADD', Value: { L: [{ S: 'e' }] } },
      gone: { Action: 'DELETE' },
    });
    expect(applyUpdate(ast, { ...item, gone: { S: 'bye' }, l: { L: [{ S: 'd' }] } })).toEqual({
      a: { N: '6' },
      s: { S: 'new' },
      l: { L: [{ S: 'd' }, { S: 'e' }] },
    });
    expect(message(() => attributeUpdatesToAst({ a: { Action: 'PUT' } }))).toBe(
      'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
    );
  });

  it('mixing expression and non-expression parameters', () => {
    expect(message(() => checkParameterMix({ Expected: {}, ConditionExpression: 'a = b' }))).toBe(
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
    );
    expect(message(() => checkParameterMix({ AttributeUpdates: {}, ExpressionAttributeNames: { '#a': 'a' } }))).toBe(
      'ExpressionAttributeNames can only be specified when using expressions',
    );
    expect(message(() => checkParameterMix({ UpdateExpression: 'SET a = :v' }))).toBe('');
  });
});
