import { describe, expect, it } from 'vitest';
import { capMessage, fail, MAX_MESSAGE_CHARS, StrideFailure } from '../../../shared/api/errors';
import {
  checkJsonBounds,
  JSON_LIMITS,
  parseJsonText,
  scanJsonText,
  type JsonLimits,
} from '../../../shared/graph/json-text';

// The one guard for untrusted JSON (CLI, host, WebSocket, page): every limit, in text and in values.

const small: JsonLimits = { maxChars: 1000, maxDepth: 4, maxValues: 20, maxKeys: 3 };
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('scanJsonText', () => {
  it.each([
    ['within every limit', '{"a":[1,2],"b":{"c":"x"}}', 'ok'],
    ['too long', `"${'x'.repeat(1000)}"`, 'GRAPH_TOO_LARGE'],
    ['too deep', '[[[[[1]]]]]', 'GRAPH_TOO_DEEP'],
    ['brackets inside strings do not count', '["[[[[[[", "{{{{{{{"]', 'ok'],
    ['escaped quotes keep the string open', '["\\"[[[[[[["]', 'ok'],
    ['too many keys in one object', '{"a":1,"b":2,"c":3,"d":4}', 'GRAPH_TOO_LARGE'],
    ['many items in an array are not keys', '[1,2,3,4,5,6]', 'ok'],
    ['commas inside strings are not keys', '{"a":"1,2,3,4,5"}', 'ok'],
    ['too many values', `[${Array.from({ length: 25 }, () => 0).join(',')}]`, 'GRAPH_TOO_LARGE'],
  ])('%s → %s', (_what, text, expected) => {
    expect(code(scanJsonText(text, 'the text', small))).toBe(expected);
  });

  it('stops at the first refusal without reading the rest', () => {
    const text = `${'['.repeat(100)}${'x'.repeat(5_000_000)}`;
    expect(code(scanJsonText(text))).toBe('GRAPH_TOO_DEEP');
  });

  it('refuses a million keys in one object by its text alone', () => {
    const text = `{${Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const result = scanJsonText(text, 'the file');
    expect(code(result)).toBe('GRAPH_TOO_LARGE');
    expect(!result.ok && result.error.message).toContain(
      `${JSON_LIMITS.maxKeys.toLocaleString('en-US')} keys`,
    );
  });
});

describe('parseJsonText', () => {
  it('parses, ignores a byte-order mark, and codes what is not JSON', () => {
    expect(parseJsonText('\ufeff{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(code(parseJsonText('{"a":'))).toBe('GRAPH_NOT_JSON');
    expect(code(parseJsonText('   '))).toBe('GRAPH_NOT_JSON');
    expect(code(parseJsonText('[[[[[1]]]]]', 'x', small))).toBe('GRAPH_TOO_DEEP');
  });
});

describe('checkJsonBounds', () => {
  it('names where a value is too deep or too wide', () => {
    const deep = { a: [{ b: { c: { d: 1 } } }] };
    const tooDeep = checkJsonBounds(deep, 'the request', small);
    expect(code(tooDeep)).toBe('GRAPH_TOO_DEEP');
    expect(!tooDeep.ok && tooDeep.error.message).toContain('.a[0].b.c');
    const wide = checkJsonBounds({ graph: { params: { a: 1, b: 2, c: 3, d: 4 } } }, 'the request', small);
    expect(code(wide)).toBe('GRAPH_TOO_LARGE');
    expect(!wide.ok && wide.error.message).toContain('.graph.params');
    expect(
      code(
        checkJsonBounds(
          Array.from({ length: 30 }, () => 1),
          'x',
          small,
        ),
      ),
    ).toBe('GRAPH_TOO_LARGE');
    expect(code(checkJsonBounds({ a: [1, 2], b: 'x' }, 'x', small))).toBe('ok');
  });

  it('walks 100,000 levels without recursion', () => {
    let value: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) value = [value];
    expect(code(checkJsonBounds(value))).toBe('GRAPH_TOO_DEEP');
  });
});

describe('error messages are capped', () => {
  it('cuts long messages and says how much was left out', () => {
    expect(capMessage('short')).toBe('short');
    const long = capMessage('x'.repeat(MAX_MESSAGE_CHARS + 500));
    expect(long).toBe(`${'x'.repeat(MAX_MESSAGE_CHARS)}… (500 more characters)`);
    const failed = fail('CODE', 'y'.repeat(10_000_000));
    expect(!failed.ok && failed.error.message.length).toBeLessThan(MAX_MESSAGE_CHARS + 40);
    expect(new StrideFailure('CODE', 'z'.repeat(100_000)).message.length).toBeLessThan(
      MAX_MESSAGE_CHARS + 40,
    );
  });
});
