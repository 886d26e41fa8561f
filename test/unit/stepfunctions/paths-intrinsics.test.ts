import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic } from '../../../src/services/stepfunctions/asl/intrinsics.js';
import { evaluatePath, setPath } from '../../../src/services/stepfunctions/asl/jsonpath.js';
import { StatesError, type JsonValue } from '../../../src/services/stepfunctions/asl/index.js';

const store: JsonValue = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', price: 12.99 },
      { category: 'fiction', author: 'J. R. R. Tolkien', price: 22.99, isbn: '0-395-19395-8' },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  'a b': 1,
};
const get = (p: string, input: JsonValue = store) => evaluatePath(p, { input });

describe('JSONPath', () => {
  it('resolves definite paths to a single value and reports missing ones', () => {
    expect(get('$')).toEqual({ found: true, value: store });
    expect(get('$.store.bicycle.color')).toEqual({ found: true, value: 'red' });
    expect(get("$['a b']")).toEqual({ found: true, value: 1 });
    expect(get('$.store.book[1].author')).toEqual({ found: true, value: 'Evelyn Waugh' });
    expect(get('$.store.book[-1].price')).toEqual({ found: true, value: 22.99 });
    expect(get('$.store.nope')).toEqual({ found: false });
    expect(get('$.store.book[7]')).toEqual({ found: false });
  });
  it('returns arrays for wildcards, deep scans, unions, slices and filters', () => {
    expect(get('$.store.book[*].author').found && get('$.store.book[*].author')).toEqual({
      found: true,
      value: ['Nigel Rees', 'Evelyn Waugh', 'J. R. R. Tolkien'],
    });
    expect(get('$..isbn')).toEqual({ found: true, value: ['0-395-19395-8'] });
    expect(get('$.store.book[0,2].price')).toEqual({ found: true, value: [8.95, 22.99] });
    expect(get('$.store.book[1:].price')).toEqual({ found: true, value: [12.99, 22.99] });
    expect(get('$.store.book[:2].price')).toEqual({ found: true, value: [8.95, 12.99] });
    expect(get('$.store.book[?(@.price > 10)].author')).toEqual({
      found: true,
      value: ['Evelyn Waugh', 'J. R. R. Tolkien'],
    });
    expect(get("$.store.book[?(@.category == 'fiction' && @.price < 20)].price")).toEqual({
      found: true,
      value: [12.99],
    });
    expect(get('$.store.book[?(@.isbn)].price')).toEqual({ found: true, value: [22.99] });
    expect(get('$.store.nothing[*]')).toEqual({ found: true, value: [] });
  });
  it('reads the context object and variables', () => {
    expect(evaluatePath('$$.Execution.Id', { input: {}, context: { Execution: { Id: 'x' } } })).toEqual({
      found: true,
      value: 'x',
    });
    expect(evaluatePath('$myVar.a', { input: {}, variables: (n) => (n === 'myVar' ? { a: 2 } : undefined) })).toEqual({
      found: true,
      value: 2,
    });
  });
  it('writes ResultPath values, creating objects and refusing to write into scalars', () => {
    expect(setPath({ a: 1 }, '$.b.c', 2)).toEqual({ a: 1, b: { c: 2 } });
    expect(setPath({ a: 1 }, '$', 2)).toBe(2);
    expect(() => setPath({ a: 'x' }, '$.a.b', 2)).toThrow(StatesError);
    try {
      setPath('text', '$.a', 1);
    } catch (e) {
      expect((e as StatesError).error).toBe('States.ResultPathMatchFailure');
    }
  });
});

const env = (input: JsonValue = {}) => ({
  roots: { input },
  random: () => 0.5,
  uuid: () => '11111111-2222-4333-8444-555555555555',
});
const call = (expr: string, input: JsonValue = {}) => evaluateIntrinsic(expr, env(input));
const failure = (expr: string, input: JsonValue = {}) => {
  try {
    call(expr, input);
  } catch (e) {
    return (e as StatesError).error;
  }
  return 'no error';
};

describe('intrinsic functions', () => {
  it('States.Format (docs example, escapes, arity)', () => {
    expect(call("States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' })).toBe('Hello, my name is Arnav.');
    expect(call("States.Format('{} and {}', 1, true)")).toBe('1 and true');
    expect(call("States.Format('literal \\{\\} and \\'quote\\' {}', 'x')")).toBe("literal {} and 'quote' x");
    expect(failure("States.Format('{} {}', 'a')")).toBe('States.Runtime');
  });
  it('States.StringToJson / JsonToString', () => {
    expect(call('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
    expect(call('States.JsonToString($.data)', { data: { foo: 'bar', n: [1, 2] } })).toBe('{"foo":"bar","n":[1,2]}');
    expect(failure("States.StringToJson('{nope')")).toBe('States.Runtime');
  });
  it('States.Array and the array family', () => {
    expect(call('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
    expect(call("States.Array('a', 1, true, null)")).toEqual(['a', 1, true, null]);
    expect(call('States.ArrayPartition($.inputArray, 4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
    expect(failure('States.ArrayPartition($.a, 0)', { a: [1] })).toBe('States.Runtime');
    expect(call('States.ArrayContains($.inputArray, $.lookingFor)', { inputArray: [1, 2, 3, 4], lookingFor: 5 })).toBe(
      false,
    );
    expect(call('States.ArrayContains($.a, $.b)', { a: [{ x: 1 }], b: { x: 1 } })).toBe(true);
    expect(call('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(call('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(failure('States.ArrayRange(1, 9, 0)')).toBe('States.Runtime');
    expect(failure('States.ArrayRange(0, 2000, 1)')).toBe('States.Runtime');
    expect(failure('States.ArrayRange(1.5, 9, 1)')).toBe('States.Runtime');
    expect(
      call('States.ArrayGetItem($.inputArray, $.index)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }),
    ).toBe(6);
    expect(failure('States.ArrayGetItem($.a, 3)', { a: [1] })).toBe('States.Runtime');
    expect(call('States.ArrayLength($.inputArray)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(9);
    expect(call('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });
  it('States.Base64Encode / Base64Decode', () => {
    expect(call('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(call('States.Base64Decode($.base64)', { base64: 'RGVjb2RlZCBkYXRh' })).toBe('Decoded data');
    expect(failure('States.Base64Encode($.s)', { s: 'x'.repeat(10001) })).toBe('States.Runtime');
  });
  it('States.Hash with every algorithm', () => {
    const input = { Data: 'input data', Algorithm: 'SHA-1' };
    expect(call('States.Hash($.Data, $.Algorithm)', input)).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(call("States.Hash('input data', 'MD5')")).toHaveLength(32);
    expect(call("States.Hash('input data', 'SHA-256')")).toHaveLength(64);
    expect(call("States.Hash('input data', 'SHA-384')")).toHaveLength(96);
    expect(call("States.Hash('input data', 'SHA-512')")).toHaveLength(128);
    expect(failure("States.Hash('x', 'SHA-3')")).toBe('States.Runtime');
  });
  it('States.JsonMerge (shallow only)', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(call('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
    expect(failure('States.JsonMerge($.json1, $.json2, true)', input)).toBe('States.Runtime');
  });
  it('States.MathRandom / MathAdd', () => {
    expect(call('States.MathRandom(1, 999)')).toBe(1 + Math.floor(0.5 * 998));
    const seeded = call('States.MathRandom(1, 999, 1234)');
    expect(seeded).toBe(call('States.MathRandom(1, 999, 1234)'));
    expect(call('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
    expect(failure('States.MathAdd(2147483647, 1)')).toBe('States.Runtime');
  });
  it('States.StringSplit / UUID / nesting', () => {
    expect(call('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(call("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(call('States.UUID()')).toBe('11111111-2222-4333-8444-555555555555');
    const arn = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0' } };
    expect(
      call(
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
        arn,
      ),
    ).toBe('1.0');
  });
});
