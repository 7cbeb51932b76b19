/**
 * JSON text to a value, or the first syntax error with its line and column (Node 20's
 * `JSON.parse` messages give neither). Internal.
 *
 * @module
 */

/** Where the text stops being JSON, and why. Line and column are 1-based (columns in UTF-16 units). */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

/**
 * Parses `text` as JSON (a leading byte-order mark is skipped). On a syntax error, says where
 * and what was expected: `expected "," or "}" after a property value, got "\""`, with hints for
 * the usual slips (a trailing comma, a comment, single quotes).
 *
 * @example
 * ```ts
 * parseJsonText('{ "name": "a", }'); // { ok: false, problem: { line: 1, column: 16, message: 'trailing comma: ...' } }
 * ```
 */
export function parseJsonText(text: string): JsonTextResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const found = locate(source);
    const offset = found?.offset ?? 0;
    const { line, column } = lineAndColumn(source, offset);
    const message = found?.message ?? (error as Error).message;
    return { ok: false, problem: { offset, line, column, message } };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Syntax extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first syntax error of `text` (a strict JSON scanner), or undefined when it finds none. */
function locate(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const what = (at: number): string => {
    if (at >= text.length) return 'the end of the file';
    if (text.startsWith('//', at) || text.startsWith('/*', at)) return 'a comment (JSON has no comments)';
    return JSON.stringify(text[at]);
  };
  const fail = (expected: string, at = i): never => {
    let hint = '';
    if (text[at] === "'") hint = ' (JSON strings take double quotes)';
    throw new Syntax(at, `expected ${expected}, got ${what(at)}${hint}`);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string): void => {
    if (!text.startsWith(word, i)) fail('a value (a string, number, object, array, true, false or null)');
    i += word.length;
  };
  const string = (): void => {
    const start = i;
    i++; // the opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw new Syntax(i, `invalid escape ${JSON.stringify(text.slice(i, i + 2))} in a string`);
      } else if (c < 0x20) {
        throw new Syntax(i, c === 0x0a ? 'a string runs past the end of its line (a missing closing quote?)' : 'a control character in a string (escape it)');
      } else i++;
    }
    throw new Syntax(start, 'a string that never ends (a missing closing quote)');
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (match === null || match[0] === '-') fail('a value (a string, number, object, array, true, false or null)');
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail('a value (a string, number, object, array, true, false or null)');
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail('a property name in double quotes');
      string();
      ws();
      if (text[i] !== ':') fail('":" after a property name');
      i++;
      value();
      ws();
      const comma = i;
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail('"," or "}" after a property value');
      i++;
      ws();
      if (text[i] === '}') throw new Syntax(comma, 'trailing comma: JSON allows no "," before "}"');
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      const comma = i;
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail('"," or "]" after an array item');
      i++;
      ws();
      if (text[i] === ']') throw new Syntax(comma, 'trailing comma: JSON allows no "," before "]"');
    }
  };
  try {
    ws();
    if (i >= text.length) return { offset: 0, message: 'the file is empty (expected a JSON object)' };
    value();
    ws();
    if (i < text.length) fail('the end of the file after the top-level value');
    return undefined;
  } catch (error) {
    if (error instanceof Syntax) return { offset: error.offset, message: error.message };
    throw error;
  }
}
