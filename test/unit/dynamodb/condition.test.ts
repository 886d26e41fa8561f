import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../../src/services/dynamodb/values/types.js';
import { check, conditionError } from './helpers.js';

const item = {
  id: { S: 'p1' },
  price: { N: '10' },
  title: { S: 'Bicycle 123' },
  color: { SS: ['Red', 'Black'] },
  nums: { NS: ['1', '2'] },
  bin: { B: Buffer.from('hello').toString('base64') },
  things: { L: [{ S: 'a' }, { N: '2' }, { M: { deep: { S: 'x' } } }] },
  info: { M: { rating: { N: '4.5' }, tags: { L: [{ S: 't1' }] } } },
  flag: { BOOL: true },
  nothing: { NULL: true as const },
  blank: { S: '' },
};

describe('comparators', () => {
  it.each([
    ['price = :v', { ':v': { N: '10.0' } }, true],
    ['price <> :v', { ':v': { N: '10' } }, false],
    ['price < :v', { ':v': { N: '11' } }, true],
    ['price <= :v', { ':v': { N: '10' } }, true],
    ['price > :v', { ':v': { N: '9.99' } }, true],
    ['price >= :v', { ':v': { N: '10.01' } }, false],
    ['title > :v', { ':v': { S: 'Bicycle' } }, true],
    ['price = :v', { ':v': { S: '10' } }, false],
    ['price < :v', { ':v': { S: 'zzz' } }, false],
    ['absent = :v', { ':v': { S: 'x' } }, false],
    ['absent < :v', { ':v': { S: 'x' } }, false],
    ['absent <> :v', { ':v': { S: 'x' } }, true],
    ['color = :v', { ':v': { SS: ['Black', 'Red'] } }, true],
    ['info.rating = :v', { ':v': { N: '4.5' } }, true],
    ['things[2].deep = :v', { ':v': { S: 'x' } }, true],
    ['things[1] = :v', { ':v': { N: '2' } }, true],
    ['things[9] = :v', { ':v': { N: '2' } }, false],
    ['flag = :v', { ':v': { BOOL: true } }, true],
    ['nothing = :v', { ':v': { NULL: true } }, true],
  ] as [string, Record<string, AttributeValue>, boolean][])('%s with %j is %s', (expr, values, expected) => {
    expect(check(expr, item, values)).toBe(expected);
  });

  it('compares two paths', () => {
    expect(check('price = info.rating', item)).toBe(false);
    expect(check('price > info.rating', item)).toBe(true);
  });

  it('BETWEEN and IN', () => {
    expect(check('price BETWEEN :a AND :b', item, { ':a': { N: '1' }, ':b': { N: '10' } })).toBe(true);
    expect(check('price BETWEEN :a AND :b', item, { ':a': { N: '11' }, ':b': { N: '20' } })).toBe(false);
    expect(check('price BETWEEN :a AND :b', item, { ':a': { S: '1' }, ':b': { S: '2' } })).toBe(false);
    expect(check('price IN (:a, :b)', item, { ':a': { N: '1' }, ':b': { N: '10' } })).toBe(true);
    expect(check('price IN (:a)', item, { ':a': { S: '10' } })).toBe(false);
    expect(check('price in (:a)', item, { ':a': { N: '10' } })).toBe(true);
  });
});

describe('functions', () => {
  it('attribute_exists / attribute_not_exists', () => {
    expect(check('attribute_exists(price)', item)).toBe(true);
    expect(check('attribute_exists(info.rating)', item)).toBe(true);
    expect(check('attribute_exists(info.nope)', item)).toBe(false);
    expect(check('attribute_not_exists(nope)', item)).toBe(true);
    expect(check('attribute_exists(blank)', item)).toBe(true);
    expect(check('attribute_exists(things[0])', item)).toBe(true);
    expect(check('attribute_exists(things[3])', item)).toBe(false);
  });

  it('attribute_type', () => {
    expect(check('attribute_type(price, :t)', item, { ':t': { S: 'N' } })).toBe(true);
    expect(check('attribute_type(color, :t)', item, { ':t': { S: 'SS' } })).toBe(true);
    expect(check('attribute_type(price, :t)', item, { ':t': { S: 'S' } })).toBe(false);
    expect(check('attribute_type(nope, :t)', item, { ':t': { S: 'S' } })).toBe(false);
  });

  it('begins_with', () => {
    expect(check('begins_with(title, :p)', item, { ':p': { S: 'Bic' } })).toBe(true);
    expect(check('begins_with(title, :p)', item, { ':p': { S: 'bic' } })).toBe(false);
    expect(check('begins_with(bin, :p)', item, { ':p': { B: Buffer.from('he').toString('base64') } })).toBe(true);
    expect(check('begins_with(price, :p)', item, { ':p': { S: '1' } })).toBe(false);
  });

  it('contains on strings, sets, lists and binary', () => {
    expect(check('contains(title, :v)', item, { ':v': { S: 'cycle' } })).toBe(true);
    expect(check('contains(color, :v)', item, { ':v': { S: 'Red' } })).toBe(true);
    expect(check('contains(color, :v)', item, { ':v': { S: 'Re' } })).toBe(false);
    expect(check('contains(nums, :v)', item, { ':v': { N: '2.0' } })).toBe(true);
    expect(check('contains(nums, :v)', item, { ':v': { S: '2' } })).toBe(false);
    expect(check('contains(things, :v)', item, { ':v': { N: '2' } })).toBe(true);
    expect(check('contains(things, :v)', item, { ':v': { S: 'b' } })).toBe(false);
    expect(check('contains(bin, :v)', item, { ':v': { B: Buffer.from('ell').toString('base64') } })).toBe(true);
    expect(check('contains(price, :v)', item, { ':v': { N: '1' } })).toBe(false);
    expect(check('contains(info.tags, :v)', item, { ':v': { S: 't1' } })).toBe(true);
  });

  it('size on each type', () => {
    const v = (n: number) => ({ ':n': { N: String(n) } });
    expect(check('size(title) = :n', item, v(11))).toBe(true);
    expect(check('size(color) = :n', item, v(2))).toBe(true);
    expect(check('size(things) = :n', item, v(3))).toBe(true);
    expect(check('size(info) = :n', item, v(2))).toBe(true);
    expect(check('size(bin) = :n', item, v(5))).toBe(true);
    expect(check('size(blank) = :n', item, v(0))).toBe(true);
    expect(check('size(price) = :n', item, v(2))).toBe(false);
    expect(check('size(flag) <> :n', item, v(1))).toBe(true);
    expect(check('size(nope) < :n', item, v(1))).toBe(false);
    expect(check('size(title) > size(color)', item)).toBe(true);
    expect(check('size(title) BETWEEN :a AND :b', item, { ':a': { N: '1' }, ':b': { N: '20' } })).toBe(true);
  });
});

describe('logical operators and precedence', () => {
  const t = { ':t': { S: 'p1' } };
  it('AND binds tighter than OR, NOT tighter than AND', () => {
    // false AND false OR true -> true
    expect(check('attribute_exists(x) AND attribute_exists(y) OR id = :t', item, t)).toBe(true);
    // true OR (false AND false)
    expect(check('id = :t OR attribute_exists(x) AND attribute_exists(y)', item, t)).toBe(true);
    // (true OR false) AND false with parentheses
    expect(check('(id = :t OR attribute_exists(x)) AND attribute_exists(y)', item, t)).toBe(false);
    // NOT applies to the first predicate only
    expect(check('NOT attribute_exists(x) AND id = :t', item, t)).toBe(true);
    expect(check('NOT (attribute_exists(id) AND id = :t)', item, t)).toBe(false);
    expect(check('NOT NOT id = :t', item, t)).toBe(true);
    expect(check('not id = :t or id = :t', item, t)).toBe(true);
  });
});

describe('names and values', () => {
  it('substitutes #names, including in nested paths', () => {
    expect(check('#s = :v', { status: { S: 'ok' } }, { ':v': { S: 'ok' } }, { '#s': 'status' })).toBe(true);
    expect(
      check(
        '#a.#b = :v',
        { 'x.y': { S: 'no' }, x: { M: { y: { S: 'ok' } } } },
        { ':v': { S: 'ok' } },
        { '#a': 'x', '#b': 'y' },
      ),
    ).toBe(true);
    expect(check('#ab = :v', { 'x.y': { S: 'dot' } }, { ':v': { S: 'dot' } }, { '#ab': 'x.y' })).toBe(true);
  });

  it('rejects reserved words, undefined names and values', () => {
    expect(conditionError('status = :v', { ':v': { S: 'x' } })).toBe(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status',
    );
    expect(conditionError('a.Size = :v', { ':v': { S: 'x' } })).toBe(
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Size',
    );
    expect(conditionError('#n = :v', { ':v': { S: 'x' } })).toBe(
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #n',
    );
    expect(conditionError('a = :v')).toBe(
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
    expect(conditionError('a = :v', {}, {}, 'FilterExpression')).toBe(
      'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v',
    );
  });

  it('reports syntax errors before semantic ones', () => {
    expect(conditionError('status = :v AND')).toBe(
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v AND"',
    );
  });
});

describe('syntax errors', () => {
  it.each([
    ['a = ', '"<EOF>", near: "a ="'],
    ['a > b > c', '">", near: "b > c"'],
    ['a = = b', '"=", near: "= = b"'],
    ['a b', '"b", near: "a b"'],
    ['(a = b', '"<EOF>", near: "= b"'],
    ['a = b)', '")", near: "b)"'],
    ['a ! b', '"!", near: "a ! b"'],
    ['a = # ', '"#", near: "= #"'],
    ['a BETWEEN b', '"<EOF>", near: "BETWEEN b"'],
    ['a IN b', '"b", near: "IN b"'],
    ['a[x] = b', '"x", near: "[x]"'],
    ['a.1 = b', '"1", near: ".1 ="'],
  ])('%s', (expr, detail) => {
    expect(conditionError(expr)).toBe(`Invalid ConditionExpression: Syntax error; token: ${detail}`);
  });

  it('rejects blank expressions', () => {
    expect(conditionError('  ')).toBe('Invalid ConditionExpression: The expression can not be empty;');
  });

  it('rejects redundant parentheses but accepts ordinary grouping', () => {
    expect(conditionError('((a = b))')).toBe('Invalid ConditionExpression: The expression has redundant parentheses;');
    expect(conditionError('(a = b)')).toBe('');
    expect(conditionError('(a = b) AND (c = d)')).toBe('');
    expect(conditionError('((a = b) AND c = d)')).toBe('');
  });

  it('rejects over-long expressions', () => {
    expect(conditionError(`a = b OR ${'c = d OR '.repeat(500)}e = f`)).toMatch(
      /^Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: \d+$/,
    );
  });
});

describe('static checks', () => {
  const P = 'Invalid ConditionExpression: ';
  it('function names, placement and arity', () => {
    expect(conditionError('foo(a)')).toBe(`${P}Invalid function name; function: foo`);
    expect(conditionError('ATTRIBUTE_EXISTS(a)')).toBe(`${P}Invalid function name; function: ATTRIBUTE_EXISTS`);
    expect(conditionError('attribute_exists(a, b)')).toBe(
      `${P}Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2`,
    );
    expect(conditionError('size(a)')).toBe(
      `${P}The function is not allowed to be used this way in an expression; function: size`,
    );
    expect(conditionError('attribute_exists(a) = b')).toBe(
      `${P}The function is not allowed to be used this way in an expression; function: attribute_exists`,
    );
    expect(conditionError('if_not_exists(a, b)')).toBe(
      `${P}The function is not allowed to be used this way in an expression; function: if_not_exists`,
    );
    expect(conditionError('attribute_exists(:v)', { ':v': { S: 'x' } })).toBe(
      `${P}Operator or function requires a document path; operator or function: attribute_exists`,
    );
  });

  it('operand types', () => {
    expect(conditionError('attribute_type(a, :v)', { ':v': { N: '1' } })).toBe(
      `${P}Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N`,
    );
    expect(conditionError('attribute_type(a, :v)', { ':v': { S: 'XX' } })).toMatch(/Invalid attribute type name/);
    expect(conditionError('begins_with(a, :v)', { ':v': { N: '1' } })).toBe(
      `${P}Incorrect operand type for operator or function; operator or function: begins_with, operand type: N`,
    );
    expect(conditionError('a < :v', { ':v': { BOOL: true } })).toBe(
      `${P}Incorrect operand type for operator or function; operator or function: <, operand type: BOOL`,
    );
    expect(conditionError('a = :v', { ':v': { BOOL: true } })).toBe('');
  });

  it('distinct operands', () => {
    expect(conditionError('contains(a, a)')).toBe(
      `${P}The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]`,
    );
    expect(conditionError('a.b = #x.b', {}, { '#x': 'a' })).toBe(
      `${P}The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b]`,
    );
  });

  it('BETWEEN bounds order', () => {
    expect(conditionError('a BETWEEN :hi AND :lo', { ':hi': { N: '2' }, ':lo': { N: '1' } })).toBe(
      `${P}The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}`,
    );
  });

  it('IN allows at most 100 operands', () => {
    const values: Record<string, { N: string }> = {};
    const refs = Array.from({ length: 101 }, (_, i) => {
      values[`:v${i}`] = { N: String(i) };
      return `:v${i}`;
    });
    expect(conditionError(`a IN (${refs.slice(0, 100).join(',')})`, values)).toBe('');
    expect(conditionError(`a IN (${refs.join(',')})`, values)).toMatch(/IN operator .* 101$/);
  });
});
