import { describe, expect, it } from 'vitest';
import { PatternError, compileEventPattern } from '../../../src/patterns/eventbridge/index.js';

function reason(pattern: string): string {
  try {
    compileEventPattern(pattern);
  } catch (e) {
    if (e instanceof PatternError) {
      expect(e.message).toBe(`Event pattern is not valid. Reason: ${e.reason}`);
      expect(e.code).toBe('InvalidEventPatternException');
      return e.reason;
    }
    throw e;
  }
  throw new Error(`expected ${pattern} to be rejected`);
}

const at = (src: string, column: number, line = 1) =>
  `\n at [Source: (String)"${src}"; line: ${line}, column: ${column}]`;

// Messages and positions recorded from real EventBridge (PutRule / TestEventPattern).
const recorded: [string, string, number | undefined][] = [
  ['{"int": 42}', '"int" must be an object or an array', 11],
  ['{"string": "my-value"}', '"string" must be an object or an array', 13],
  ['{"detail": {"equal": [{"NUMERIC": ["=", 5]}]}}', 'Unrecognized match type NUMERIC', 36],
  ['{"my_key": [{"EXISTS": true}]}', 'Unrecognized match type EXISTS', 28],
  ['{"resources": []}', 'Empty arrays are not allowed', 17],
  ['{"detail": {"c-count": [{"numeric": [">", 0, ">", 0]}]}}', 'Bad numeric range operator: >', 49],
  ['{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', 'Value of < must be numeric', 50],
  [
    '{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:**:event-bus/*"}]}',
    'Consecutive wildcard characters at pos 26',
    72,
  ],
  [
    '{"detail-type": [{"equals-ignore-case": ["ec2 instance state-change notification"]}]}',
    'equals-ignore-case match pattern must be a string',
    42,
  ],
  [
    '{"detail-type": [{"equals-ignore-case": {"prefix": "ec2"}}]}',
    'equals-ignore-case match pattern must be a string',
    42,
  ],
  [
    '{"detail": {"state": [{"anything-but": {"equals-ignore-case": 123}}]}}',
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    66,
  ],
  ['{"EventBusArn": [{"wildcard": 123}]}', 'wildcard match pattern must be a string', 34],
  ['{"EventBusArn": [{"wildcard": ["x"]}]}', 'wildcard match pattern must be a string', 32],
  ['{"detail": {"FilePath": [{"anything-but": {"wildcard": 123}}]}}', 'wildcard match pattern must be a string', 59],
  ['{"detail": {"FileName": [{"anything-but": {"suffix": 123}}]}}', 'prefix/suffix match pattern must be a string', 57],
  ['{"detail": {"state": [{"anything-but": {"prefix": 123}}]}}', 'prefix/suffix match pattern must be a string', 54],
  ['{"time": [{"prefix": ["2022-07-13"]}]}', 'prefix match pattern must be a string', 23],
  ['{"time": [{"prefix": 123}]}', 'prefix match pattern must be a string', 25],
  ['{"FileName": [{"suffix": 123}]}', 'suffix match pattern must be a string', 29],
  ['{"FileName": [{"suffix": [".png"]}]}', 'suffix match pattern must be a string', 27],
  [
    '{"detail": {"FileName": [{"anything-but": {"prefix": {"equals-ignore-case": "file"}}}]}}',
    'Value of anything-but must be an array or single string/number value.',
    55,
  ],
  [
    '{"detail": {"FileName": [{"anything-but": {"suffix": {"equals-ignore-case": ".png"}}}]}}',
    'Value of anything-but must be an array or single string/number value.',
    55,
  ],
  ['{"detail": {"sourceIPAddress": [{"cidr": ["bad-type"]}]}}', 'prefix match pattern must be a string', 43],
  [
    'this is valid json but not a dict',
    "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    5,
  ],
  ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name", 2],
  [
    '{"not": closed mark"',
    "Unrecognized token 'closed': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    15,
  ],
  ['["not", "a", "dict", "but valid json"]', 'Filter is not an object', 2],
  ['{"source": ["aws.health"], "detail": {}}', 'Empty objects are not allowed', 40],
  [
    '{ "detail-type": [ "Build Started" ],\n "detail": {\n "pipeline": {\n "slug": "some-pipeline" } } }',
    '"slug" must be an object or an array',
    undefined,
  ],
  // Failures raised after parsing carry no position.
  ['{"detail": {"ip": [{"cidr": "10.0.0.0"}]}}', "Malformed CIDR, one '/' required", undefined],
  ['{"detail": {"ip": [{"cidr": "10.0.0.0/x"}]}}', 'Malformed CIDR, mask bits must be an integer', undefined],
  ['{"detail": {"ip": [{"cidr": "xx.11.xx/24"}]}}', 'Nonstandard IP address: xx.11.xx', undefined],
  [
    '{"detail": {"ip": [{"cidr": "xxxx:db8:1234:1a00::/64"}]}}',
    'Nonstandard IP address: xxxx:db8:1234:1a00::',
    undefined,
  ],
  [
    '{"EventBusArn": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}',
    'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    undefined,
  ],
];

describe('EventBridge pattern validation (messages recorded from AWS)', () => {
  it.each(recorded)('%s', (pattern, why, column) => {
    const got = reason(pattern);
    if (column === undefined && !pattern.includes('\n')) expect(got).toBe(why);
    else if (column === undefined) expect(got.startsWith(why)).toBe(true);
    else expect(got).toBe(why + at(pattern, column));
  });

  it('reports the line and column of multi-line patterns', () => {
    const p = '{ "detail-type": [ "Build Started" ],\n "detail": {\n "pipeline": {\n "slug": "some-pipeline" } } }';
    expect(reason(p)).toBe('"slug" must be an object or an array' + at(p, 11, 4));
  });

  it('repeats the position for errors inside anything-but lists, as AWS does', () => {
    const cases: [string, string, number][] = [
      [
        '{"detail": {"state": [{"anything-but": {"equals-ignore-case": [123, 456]}}]}}',
        'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
        67,
      ],
      [
        '{"detail": {"state": [{"anything-but": {"wildcard": [123, "*/dir/*"]}}]}}',
        'wildcard match pattern must be a string',
        57,
      ],
      [
        '{"detail": {"FileName": [{"anything-but": {"suffix": [123, ".txt"]}}]}}',
        'prefix/suffix match pattern must be a string',
        58,
      ],
      [
        '{"detail": {"state": [{"anything-but": {"prefix": [123, "test"]}}]}}',
        'prefix/suffix match pattern must be a string',
        55,
      ],
    ];
    for (const [p, why, col] of cases) expect(reason(p)).toBe(why + at(p, col) + at(p, col));
  });

  it('truncates the quoted source after 500 characters', () => {
    const p = `{"a": 1, "b": "${'x'.repeat(600)}"}`;
    const got = reason(p);
    expect(got).toBe(
      `"a" must be an object or an array\n at [Source: (String)"${p.slice(0, 500)}"[truncated ${p.length - 500} chars]; line: 1, column: 8]`,
    );
  });
});

describe('EventBridge pattern validation (engine rules)', () => {
  const cases: [string, string][] = [
    ['{}', 'Empty objects are not allowed'],
    ['', 'Filter is not an object'],
    ['"x"', 'Filter is not an object'],
    ['{"a": [[1]]}', 'Match value must be String, number, true, false, or null'],
    ['{"a": [{"x": 1}]}', 'Unrecognized match type x'],
    ['{"a": [{}]}', 'Match expression name not found'],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.'],
    ['{"a": [{"exists": true, "prefix": "x"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"numeric": 5}]}', 'Value of numeric must be an array.'],
    ['{"a": [{"numeric": []}]}', 'Invalid member in numeric match: ]'],
    ['{"a": [{"numeric": [1, "<="]}]}', 'Invalid member in numeric match: 1'],
    ['{"a": [{"numeric": ["operator"]}]}', 'Unrecognized numeric range operator: operator'],
    ['{"a": [{"numeric": ["=", "000"]}]}', 'Value of equals must be numeric'],
    ['{"a": [{"numeric": [">=" ]}]}', 'Value of >= must be numeric'],
    ['{"a": [{"numeric": ["<", 100, ">", 10]}]}', 'Too many elements in numeric expression'],
    ['{"a": [{"numeric": [">", 3, "<", 1]}]}', 'Bottom must be less than top'],
    ['{"a": [{"numeric": [">", 3, "<", 3]}]}', 'Bottom must be less than top'],
    ['{"a": [{"numeric": [">", 20, 30]}]}', 'Bad value in numeric range: 30'],
    ['{"a": [{"numeric": [">", 20, "test"]}]}', 'Bad numeric range operator: test'],
    ['{"a": [{"numeric": [">", 20, "<", 30, "<", 50]}]}', 'Too many terms in numeric range expression'],
    ['{"a": [{"numeric": [">", 6e9]}]}', 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['{"a": [{"anything-but": true}]}', 'Value of anything-but must be an array or single string/number value.'],
    ['{"a": [{"anything-but": {"exists": true}}]}', 'Unsupported anything-but pattern: exists'],
    ['{"a": [{"anything-but": {}}]}', 'Anything-But expression name not found'],
    ['{"a": [{"anything-but": {"prefix": ""}}]}', 'Null prefix/suffix not allowed'],
    [
      '{"a": [{"anything-but": ["x", 1]}]}',
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      '{"a": [{"anything-but": []}]}',
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    ['{"a": [{"prefix": {"foo": "x"}}]}', 'Unsupported prefix pattern: foo'],
    ['{"a": [{"suffix": {"equals-ignore-case": 1}}]}', 'equals-ignore-case match pattern must be a string'],
    ['{"a": [{"wildcard": "a\\\\b"}]}', 'Invalid escape character at pos 2'],
    ['{"$or": {"a": ["x"]}}', 'It must be an Array followed with $or.'],
    ['{"$or": [{"a": ["x"]}]}', 'There must have at least 2 Objects in $or relationship.'],
    ['{"$or": [{"a": ["x"]}, "b"]}', 'Only JSON object is allowed in array of $or relationship.'],
    [
      '{"$or": [{"prefix": ["x"]}, {"b": ["y"]}]}',
      'prefix is Ruler reserved fieldName which cannot be used inside $or.',
    ],
    ['{"a": [{"$or": [1, 2]}]}', 'Unrecognized match type $or'],
    ['{"a": ["x",]}', "Unexpected character (']' (code 93)): expected a value"],
    ['{"a": ["x" "y"]}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries"],
    ['{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"],
    ['{"a": [0123]}', 'Invalid numeric value: Leading zeroes not allowed'],
  ];
  it.each(cases)('%s', (pattern, why) => {
    const got = reason(pattern);
    expect(got.split('\n')[0]).toBe(why);
  });

  it('reports an unterminated pattern at the end of input', () => {
    expect(reason('{"a": ["x"]')).toBe(
      'Unexpected end-of-input: expected close marker for OBJECT (start marker at [Source: (String)"{\\"a\\": [\\"x\\"]"; line: 1, column: 1])'.replace(
        /\\"/g,
        '"',
      ) + at('{"a": ["x"]', 12),
    );
  });

  it('ignores content after the top-level object, as AWS does', () => {
    expect(() => compileEventPattern('{"a": ["x"]} trailing')).not.toThrow();
  });

  it('rejects IPv4 masks of 32 and IPv6 masks of 128', () => {
    expect(reason('{"a": [{"cidr": "10.0.0.1/32"}]}')).toBe('IPv4 mask bits must be < 32');
    expect(reason('{"a": [{"cidr": "::1/128"}]}')).toBe('IPv6 mask bits must be < 128');
    expect(reason('{"a": [{"cidr": "10.0.0.1/-1"}]}')).toBe('Malformed CIDR, mask bits must not be negative');
    expect(reason('{"a": [{"cidr": "10.0.0.300/8"}]}')).toBe('Invalid IP address: 10.0.0.300');
  });

  it('accepts every documented operator', () => {
    const ok = [
      '{"a": [{"prefix": ""}]}',
      '{"a": [{"prefix": {"equals-ignore-case": "x"}}]}',
      '{"a": [{"suffix": {"equals-ignore-case": "x"}}]}',
      '{"a": [{"anything-but": {"wildcard": ["*/lib/*", "*.tmp"]}}]}',
      '{"a": [{"anything-but": {"equals-ignore-case": ["a", "b"]}}]}',
      '{"a": [{"anything-but": {"prefix": ["a", "b"]}}]}',
      '{"a": [{"anything-but": [1, 2.5]}]}',
      '{"a": [{"numeric": ["=", 3.018e2]}]}',
      '{"a": [{"numeric": [">=", -5e9, "<=", 5e9]}]}',
      '{"a": [{"cidr": "2001:db8::/32"}]}',
      '{"a": [{"exact": "x"}]}',
      '{"a": [{"wildcard": "a\\\\*b\\\\\\\\c*"}]}',
      '{"a": [6e9]}',
      '{"$or": [{"a": ["x"]}, {"b": [{"exists": false}]}], "c": {"$or": [{"d": [1]}, {"e": [2]}]}}',
    ];
    for (const p of ok) expect(() => compileEventPattern(p), p).not.toThrow();
  });
});
