// The PartiQL parser: statements, parameters, literals and conditions, and its malformed-statement errors.
import { describe, expect, it } from 'vitest';
import { parseStatement, conjuncts } from '../../../src/services/dynamodb/partiql/parser.js';
import { evaluateCondition } from '../../../src/services/dynamodb/expressions/index.js';

const err = (text: string, params = []) => {
  try {
    parseStatement(text, params);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('PartiQL parser', () => {
  it('parses SELECT with projection, index, WHERE and ORDER BY', () => {
    const s = parseStatement(`select a, "b".c[2] FROM "T"."idx" WHERE pk = ? AND x > 3 order by sk desc`, [{ S: 'v' }]);
    expect(s).toMatchObject({ kind: 'select', table: 'T', index: 'idx', orderBy: { path: 'sk', desc: true } });
    if (s.kind !== 'select') throw new Error('not a select');
    expect(s.projection?.[1]?.elements).toEqual([
      { kind: 'name', name: 'b' },
      { kind: 'name', name: 'c' },
      { kind: 'index', index: 2 },
    ]);
    expect(conjuncts(s.where!)).toHaveLength(2);
  });

  it('builds values: tuples, lists, sets, escapes, negatives, booleans and NULL', () => {
    const s = parseStatement(
      `INSERT INTO t VALUE {'s': 'it''s', 'n': -1.5, 'l': [true, null], 'ss': <<'a','b'>>, 'ns': <<1, 2>>, 'p': ?}`,
      [{ B: 'AQI=' }],
    );
    expect(s).toEqual({
      kind: 'insert',
      table: 't',
      item: {
        s: { S: "it's" },
        n: { N: '-1.5' },
        l: { L: [{ BOOL: true }, { NULL: true }] },
        ss: { SS: ['a', 'b'] },
        ns: { NS: ['1', '2'] },
        p: { B: 'AQI=' },
      },
    });
  });

  it('evaluates WHERE semantics: IN, BETWEEN, NOT, IS MISSING, functions', () => {
    const item = { a: { N: '5' }, s: { S: 'hello' }, l: { L: [{ S: 'x' }] } };
    const holds = (where: string) => {
      const s = parseStatement(`SELECT * FROM t WHERE ${where}`, []);
      return s.kind === 'select' && evaluateCondition(s.where!, item);
    };
    expect(holds(`a IN [1, 5]`)).toBe(true);
    expect(holds(`a NOT IN (1, 2)`)).toBe(true);
    expect(holds(`a BETWEEN 1 AND 4`)).toBe(false);
    expect(holds(`NOT (a = 5) OR begins_with(s, 'he')`)).toBe(true);
    expect(holds(`missing_attr IS MISSING AND s IS NOT MISSING`)).toBe(true);
    expect(holds(`size(l) = 1 AND contains(l, 'x') AND a <> 4 AND a != 3`)).toBe(true);
    expect(holds(`attribute_type(s, 'S') AND attribute_not_exists(zz)`)).toBe(true);
  });

  it('parses UPDATE clauses and DELETE with RETURNING', () => {
    const u = parseStatement(
      `UPDATE t SET a = a + 1, b = list_append(b, [1]) SET c = set_add(c, <<'x'>>) REMOVE d, e[0] WHERE pk = 'k' RETURNING MODIFIED NEW *`,
      [],
    );
    expect(u.kind === 'update' && u.actions.map((a) => a.kind)).toEqual(['set', 'set', 'add', 'remove', 'remove']);
    expect(u).toMatchObject({ returning: 'UPDATED_NEW' });
    expect(parseStatement(`DELETE FROM t WHERE pk = 'k' RETURNING ALL OLD *`, [])).toMatchObject({
      returning: 'ALL_OLD',
    });
  });

  it('reports malformed statements and parameter mismatches the AWS way', () => {
    const M = "Statement wasn't well formed, can't be processed: ";
    expect(err(`DROP TABLE t`)).toBe(`${M}Expected data manipulation`);
    expect(err(`SELECT * FROM`)).toBe(`${M}Unexpected end of statement`);
    expect(err(`SELECT * FROM t WHERE`)).toBe(`${M}Unexpected end of statement`);
    expect(err(`SELECT * FROM t WHERE a = 'x`)).toBe(`${M}Unterminated string literal`);
    expect(err(`SELECT * FROM t WHERE a = 1 ;`)).toBe(`${M}Unexpected lexical token: ;`);
    expect(err(`SELECT * FROM t WHERE a = ?`)).toBe("Number of parameters in request and statement don't match.");
    expect(err(`UPDATE t WHERE a = 1`)).toBe(`${M}Unexpected keyword`);
    expect(err(`INSERT INTO t VALUE {'a': 1, 'a': 2}`)).toBe('Duplicate attribute name: a');
  });
});
