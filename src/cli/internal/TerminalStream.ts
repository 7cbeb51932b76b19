/**
 * Where the command writes for a person (process.stdout, process.stderr, or a test's recorder),
 * and its colours. Internal: the library itself never writes to a terminal.
 */
import * as util from 'node:util';

/**
 * A stream the command writes text to. `process.stdout` and `process.stderr` are ones; tests
 * pass fakes that record the writes. `columns` and `rows` are the terminal's size when it is one.
 */
export interface TerminalStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** A function that wraps text in one colour or style (or returns it as it is when colour is off). */
export type Style = (text: string) => string;

/** The colours and styles the command uses. */
export interface Paint {
  green: Style;
  red: Style;
  yellow: Style;
  dim: Style;
  bold: Style;
  cyan: Style;
}

type StyleName = keyof Paint;

/** SGR codes of each style: [on, off], for Node versions without `util.styleText`. */
const SGR: Readonly<Record<StyleName, readonly [number, number]>> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
};

type StyleText = (format: string, text: string, options?: { validateStream?: boolean }) => string;
const styleText = (util as unknown as { styleText?: StyleText }).styleText;

function styler(name: StyleName): Style {
  if (typeof styleText === 'function') {
    // validateStream: false: whether to colour is decided here (the stream may be stderr, or a
    // fake), not by styleText's look at process.stdout (Node 20.20 and 22 look by default).
    return (text) => (text === '' ? text : styleText(name, text, { validateStream: false }));
  }
  const [on, off] = SGR[name];
  return (text) => (text === '' ? text : `\x1b[${on}m${text}\x1b[${off}m`);
}

const COLOURED: Paint = Object.freeze({
  green: styler('green'),
  red: styler('red'),
  yellow: styler('yellow'),
  dim: styler('dim'),
  bold: styler('bold'),
  cyan: styler('cyan'),
});

const plain: Style = (text) => text;
const PLAIN: Paint = Object.freeze({ green: plain, red: plain, yellow: plain, dim: plain, bold: plain, cyan: plain });

/**
 * The command's colours: SGR-styled strings when `color` is true, the text unchanged when not.
 *
 * @example
 * ```ts
 * const c = paint(process.stderr.isTTY === true && !process.env.NO_COLOR);
 * process.stderr.write(`${c.red('error:')} no such job\n`);
 * ```
 */
export function paint(color: boolean): Paint {
  return color ? COLOURED : PLAIN;
}
