import { describe, expect, it } from 'vitest';
import { update, updateError } from './helpers.js';

const U = 'Invalid UpdateExpression: ';

describe('SET', () => {
  it('sets top-level and nested attributes', () => {
    const item = { id: { S: '1' }, m: { M: { a: { N: '1' } } } };
    expect(update('SET x = :v, m.b = :v', item, { ':v': { S: 'hi' } })).toEqual({
      id: { S: '1' },
      x: { S: 'hi' },
      m: { M: { a: { N: '1' }, b: { S: 'hi' } } },
    });
    // The input item is not mutated.
    expect(item).toEqual({ id: { S: '1' }, m: { M: { a: { N: '1' } } } });
  });

  it('supports + and - exactly', () => {
    const item = { n: { N: '0.1' } };
    expect(update('SET n = n + :d', item, { ':d': { N: '0.2' } })).toEqual({ n: { N: '0.3' } });
    expect(update('SET n = :d - n', item, { ':d': { N: '1' } })).toEqual({ n: { N: '0.9' } });
    expect(update('SET m = :a + :b', {}, { ':a': { N: '1' }, ':b': { N: '2' } })).toEqual({ m: { N: '3' } });
  });

  it('if_not_exists and list_append', () => {
    expect(update('SET c = if_not_exists(c, :z) + :one', {}, { ':z': { N: '0' }, ':one': { N: '1' } })).toEqual({
      c: { N: '1' },
    });
    expect(update('SET c = if_not_exists(c, :z)', { c: { N: '5' } }, { ':z': { N: '0' } })).toEqual({ c: { N: '5' } });
    const l = { l: { L: [{ S: 'a' }] } };
    expect(update('SET l = list_append(l, :v)', l, { ':v': { L: [{ S: 'b' }] } })).toEqual({
      l: { L: [{ S: 'a' }, { S: 'b' }] },
    });
    expect(update('SET l = list_append(:v, l)', l, { ':v': { L: [{ S: 'b' }] } })).toEqual({
      l: { L: [{ S: 'b' }, { S: 'a' }] },
    });
    expect(
      update('SET l = list_append(if_not_exists(l, :e), :v)', {}, { ':e': { L: [] }, ':v': { L: [{ N: '1' }] } }),
    ).toEqual({
      l: { L: [{ N: '1' }] },
    });
  });

  it('list indexes: replace in range, append past the end', () => {
    const item = { l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }] } };
    expect(update('SET l[1] = :v', item, { ':v': { S: 'x' } }).l).toEqual({ L: [{ S: 'a' }, { S: 'x' }, { S: 'c' }] });
    expect(update('SET l[5] = :v', item, { ':v': { S: 'x' } }).l).toEqual({
      L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'x' }],
    });
    expect(update('SET l[0] = :v', { l: { L: [] } }, { ':v': { S: 'x' } }).l).toEqual({ L: [{ S: 'x' }] });
  });

  it('evaluates right-hand sides against the original item', () => {
    expect(update('SET a = b, b = a', { a: { N: '1' }, b: { N: '2' } })).toEqual({ a: { N: '2' }, b: { N: '1' } });
  });

  it('runtime errors', () => {
    expect(updateError('SET a = b + :v', {}, { ':v': { N: '1' } })).toBe(
      'The provided expression refers to an attribute that does not exist in the item',
    );
    expect(updateError('SET a = b + :v', { b: { S: 'x' } }, { ':v': { N: '1' } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(updateError('SET a = list_append(b, :v)', { b: { S: 'x' } }, { ':v': { L: [] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(updateError('SET a.b.c = :v', { x: { S: '1' } }, { ':v': { S: 'x' } })).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(updateError('SET a[0] = :v', { a: { M: {} } }, { ':v': { S: 'x' } })).toBe(
      'The document path provided in the update expression is invalid for update',
    );
    expect(
      updateError(
        'SET a = :a + :b',
        {},
        { ':a': { N: '9.9999999999999999999999999999999999999E+125' }, ':b': { N: '1E125' } },
      ),
    ).toMatch(/^Number overflow/);
  });
});

describe('REMOVE', () => {
  it('removes attributes, nested keys and list elements', () => {
    const item = {
      a: { S: '1' },
      m: { M: { x: { N: '1' }, y: { N: '2' } } },
      l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] },
    };
    expect(update('REMOVE a, m.x, l[1]', item)).toEqual({
      m: { M: { y: { N: '2' } } },
      l: { L: [{ S: 'a' }, { S: 'c' }, { S: 'd' }] },
    });
  });

  it('removes several list indexes by their original positions', () => {
    const item = { l: { L: [{ S: 'a' }, { S: 'b' }, { S: 'c' }, { S: 'd' }] } };
    expect(update('REMOVE l[1], l[3]', item).l).toEqual({ L: [{ S: 'a' }, { S: 'c' }] });
    expect(update('REMOVE l[3], l[1]', item).l).toEqual({ L: [{ S: 'a' }, { S: 'c' }] });
  });

  it('ignores missing attributes and out-of-range indexes', () => {
    expect(update('REMOVE nope, l[9]', { l: { L: [{ S: 'a' }] } })).toEqual({ l: { L: [{ S: 'a' }] } });
  });
});

describe('ADD', () => {
  it('adds to numbers and creates missing ones', () => {
    expect(update('ADD n :v', { n: { N: '5' } }, { ':v': { N: '-7' } })).toEqual({ n: { N: '-2' } });
    expect(update('ADD n :v', {}, { ':v': { N: '3' } })).toEqual({ n: { N: '3' } });
  });

  it('unions sets', () => {
    expect(update('ADD s :v', { s: { SS: ['a', 'b'] } }, { ':v': { SS: ['b', 'c'] } })).toEqual({
      s: { SS: ['a', 'b', 'c'] },
    });
    expect(update('ADD s :v', { s: { NS: ['1'] } }, { ':v': { NS: ['1.0', '2'] } })).toEqual({ s: { NS: ['1', '2'] } });
    expect(update('ADD s :v', {}, { ':v': { SS: ['x'] } })).toEqual({ s: { SS: ['x'] } });
  });

  it('rejects mismatched types', () => {
    expect(updateError('ADD s :v', { s: { SS: ['a'] } }, { ':v': { NS: ['1'] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(updateError('ADD s :v', { s: { S: 'a' } }, { ':v': { N: '1' } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
    expect(updateError('ADD s :v', {}, { ':v': { S: 'a' } })).toBe(
      `${U}Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND`,
    );
    expect(updateError('ADD s :v', {}, { ':v': { L: [] } })).toBe(
      `${U}Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND`,
    );
  });

  it('needs a value operand', () => {
    expect(updateError('ADD s t')).toBe(`${U}Syntax error; token: "t", near: "s t"`);
  });
});

describe('DELETE', () => {
  it('removes set members and drops empty sets', () => {
    expect(update('DELETE s :v', { s: { SS: ['a', 'b'] } }, { ':v': { SS: ['a', 'zz'] } })).toEqual({
      s: { SS: ['b'] },
    });
    expect(update('DELETE s :v', { s: { NS: ['1', '2'] } }, { ':v': { NS: ['1.0', '2'] } })).toEqual({});
    expect(update('DELETE s :v', {}, { ':v': { SS: ['a'] } })).toEqual({});
  });

  it('rejects non-set operands', () => {
    expect(updateError('DELETE s :v', {}, { ':v': { N: '1' } })).toBe(
      `${U}Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND`,
    );
    expect(updateError('DELETE s :v', { s: { SS: ['a'] } }, { ':v': { NS: ['1'] } })).toBe(
      'An operand in the update expression has an incorrect data type',
    );
  });
});

describe('expression structure', () => {
  it('accepts clauses in any order, case-insensitively', () => {
    expect(
      update(
        'remove r ADD n :one set s = :s delete ss :d',
        { r: { S: 'x' }, ss: { SS: ['a', 'b'] } },
        {
          ':one': { N: '1' },
          ':s': { S: 'v' },
          ':d': { SS: ['a'] },
        },
      ),
    ).toEqual({ n: { N: '1' }, s: { S: 'v' }, ss: { SS: ['b'] } });
  });

  it('allows each clause once', () => {
    expect(updateError('SET a = :v SET b = :v', {}, { ':v': { S: 'x' } })).toBe(
      `${U}The "SET" section can only be used once in an update expression;`,
    );
    expect(updateError('REMOVE a remove b')).toBe(
      `${U}The "REMOVE" section can only be used once in an update expression;`,
    );
  });

  it('detects overlapping and conflicting paths', () => {
    expect(updateError('SET a = :v REMOVE a.b', {}, { ':v': { S: 'x' } })).toBe(
      `${U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]`,
    );
    expect(updateError('SET #a = :v, #b = :v', {}, { ':v': { S: 'x' } }, { '#a': 'f', '#b': 'f' })).toBe(
      `${U}Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [f], path two: [f]`,
    );
    expect(updateError('SET a.b = :v, a[1] = :v', {}, { ':v': { S: 'x' } })).toBe(
      `${U}Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]`,
    );
    expect(updateError('SET a.b = :v, a.c = :v', { a: { M: {} } }, { ':v': { S: 'x' } })).toBe('');
  });

  it('syntax errors', () => {
    expect(updateError('SET a')).toBe(`${U}Syntax error; token: "<EOF>", near: "SET a"`);
    expect(updateError('SET')).toBe(`${U}Syntax error; token: "<EOF>", near: "SET"`);
    expect(updateError('a = :v')).toBe(`${U}Syntax error; token: "a", near: "a ="`);
    expect(updateError('SET a = :v,')).toBe(`${U}Syntax error; token: "<EOF>", near: ":v,"`);
    expect(updateError('SET a = b + c + d', { b: { N: '1' }, c: { N: '1' }, d: { N: '1' } })).toBe(
      `${U}Syntax error; token: "+", near: "c + d"`,
    );
    expect(updateError('SET a = b = c')).toBe(`${U}Syntax error; token: "=", near: "b = c"`);
    expect(updateError('SET set = :v', {}, { ':v': { S: 'x' } })).toBe(
      `${U}Syntax error; token: "set", near: "SET set ="`,
    );
  });

  it('function and operand checks', () => {
    expect(updateError('SET a = size(b)')).toBe(
      `${U}The function is not allowed in an update expression; function: size`,
    );
    expect(updateError('SET a = nope(b)')).toBe(`${U}Invalid function name; function: nope`);
    expect(updateError('SET a = if_not_exists(:v, b)', {}, { ':v': { S: 'x' } })).toBe(
      `${U}Operator or function requires a document path; operator or function: if_not_exists`,
    );
    expect(updateError('SET a = list_append(:m, b)', {}, { ':m': { M: {} } })).toBe(
      `${U}Incorrect operand type for operator or function; operator or function: list_append, operand type: M`,
    );
    expect(updateError('SET a = list_append(b)')).toBe(
      `${U}Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1`,
    );
    expect(updateError('SET a = :s + b', {}, { ':s': { S: 'x' } })).toBe(
      `${U}Incorrect operand type for operator or function; operator or function: +, operand type: S`,
    );
  });

  it('reserved words, undefined names/values', () => {
    expect(updateError('SET name = :v', {}, { ':v': { S: 'x' } })).toBe(
      `${U}Attribute name is a reserved keyword; reserved keyword: name`,
    );
    expect(updateError('SET #n = :v', {}, { ':v': { S: 'x' } })).toBe(
      `${U}An expression attribute name used in the document path is not defined; attribute name: #n`,
    );
    expect(updateError('SET a = :v')).toBe(
      `${U}An expression attribute value used in expression is not defined; attribute value: :v`,
    );
  });
});
