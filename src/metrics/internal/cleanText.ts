/**
 * Turning what a training process wrote into progress updates. Internal.
 *
 * @module
 */

/**
 * CloudWatch Logs (through the SageMaker log agent) stores control characters as `#` and three
 * octal digits: carriage return `#015`, backspace `#010`, escape `#033`, tab `#011`.
 */
const ESCAPED = /#0(?:15|10|33|11)/g;
const ESCAPE_CHARS: Readonly<Record<string, string>> = { '#015': '\r', '#010': '\b', '#033': '\x1b', '#011': '\t' };

/** Replaces CloudWatch's `#015`/`#010`/`#033`/`#011` with the characters they stand for. */
export function unescapeCloudWatch(text: string): string {
  if (text.indexOf('#0') === -1) return text;
  return text.replace(ESCAPED, (m) => ESCAPE_CHARS[m]!);
}

/**
 * How many characters at the end of a piece of a line may be the start of an escape cut by the
 * piece boundary (`#`, `#0`, `#01`, `#03`): they wait for the next piece.
 */
export function partialEscapeLength(text: string): number {
  const n = text.length;
  if (n >= 3 && text[n - 3] === '#' && text[n - 2] === '0' && (text[n - 1] === '1' || text[n - 1] === '3')) return 3;
  if (n >= 2 && text[n - 2] === '#' && text[n - 1] === '0') return 2;
  if (n >= 1 && text[n - 1] === '#') return 1;
  return 0;
}

// CSI sequences (colours, cursor moves: ESC [ params final), OSC sequences (ESC ] ... BEL or ESC \),
// and two-character escapes.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

/** A run of backspaces up to the end of the text. */
const TRAILING_BACKSPACES = /\x08*$/y;

/**
 * Drops ANSI escape sequences and backspaces from one progress update. Keras ends every update
 * with a run of backspaces (one per character of the previous bar) before the `\r`: that run is
 * cut off with one slice, not removed character by character.
 */
export function cleanUpdate(text: string): string {
  let out = text;
  if (out.indexOf('\x1b') !== -1) out = out.replace(ANSI, '').replaceAll('\x1b', '');
  const b = out.indexOf('\b');
  if (b !== -1) {
    TRAILING_BACKSPACES.lastIndex = b;
    out = TRAILING_BACKSPACES.test(out) ? out.slice(0, b) : out.replaceAll('\b', '');
  }
  return out;
}

const MPI_PREFIX = /^\[1,(?:mpirank:)?(\d+)(?:,[^\]]*)?\]<(?:stdout|stderr)>:/;

/**
 * Splits the prefix Open MPI adds to every line of a distributed run
 * (`[1,mpirank:0,algo-1]<stdout>:`, `[1,0]<stderr>:`) off a line: the rank and the rest.
 */
export function splitMpiPrefix(line: string): { rank: number | undefined; text: string } {
  if (line.charCodeAt(0) !== 91 /* [ */ || line.indexOf(']<') === -1) return { rank: undefined, text: line };
  const m = MPI_PREFIX.exec(line);
  if (m === null) return { rank: undefined, text: line };
  return { rank: Number(m[1]), text: line.slice(m[0].length) };
}
