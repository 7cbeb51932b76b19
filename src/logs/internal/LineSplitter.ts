/**
 * Streaming UTF-8 line splitting, with a bound on the length of a line. Internal.
 *
 * Bytes go in as they arrive, in chunks cut anywhere (inside a line, between `\r` and `\n`,
 * inside a multi-byte character); complete lines come out. Lines are cut on the byte `\n`
 * (0x0A never occurs inside a multi-byte UTF-8 character) and each line is decoded on its
 * own, so a character cut between chunks is decoded whole, and the result never depends on
 * where the chunks were cut: it equals {@link splitLinesOnce} of the whole text. Decoding line
 * by line also keeps every string small and short-lived (cheap for the garbage collector) and
 * pure-ASCII lines one byte per character.
 *
 * A line longer than `maxLineBytes` (progress bars joined by `\r` and never by `\n` make lines
 * of hundreds of MB) comes out in pieces of at most `maxLineBytes` bytes, as soon as their bytes
 * have arrived; {@link LineSplitter.continued} says that the line goes on after a piece. A piece
 * is never cut inside a multi-byte character (so it may be up to 3 bytes shorter than the
 * limit), nor between a `\r` and the `\n` after it, and the pieces of a line joined give the line.
 * They, too, never depend on where the chunks were cut. So the splitter holds at most about
 * `maxLineBytes` plus one chunk, and never builds a string longer than the limit.
 *
 * Like `TextDecoder`, a UTF-8 byte order mark at the very start is dropped and invalid bytes
 * become U+FFFD (a piece is only cut before a byte that starts a character, or where no
 * character can be under way, so the U+FFFD are the same as for the whole line).
 */

/** The default line limit: 4 MB (a piece of a line is at most this many bytes). */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** V8's maximum string length (2**29 - 24 on 64-bit): no string can be longer, so no limit either. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** Options of {@link LineSplitter}. */
export interface LineSplitterOptions {
  /** A line longer than this many bytes (without its line end) comes out in pieces of at most this many. */
  maxLineBytes?: number;
}

export class LineSplitter {
  readonly #maxLineBytes: number;
  /** The chunk being split, and where the next line (or the rest of a long one) starts in it. */
  #chunk: Buffer | undefined;
  #pos = 0;
  /**
   * After a piece was cut from the chunk: where its line's newline is in the chunk (-1: not in
   * it), so the next call does not search the same bytes again. UNKNOWN otherwise.
   */
  #newline = UNKNOWN;
  /** Bytes of the current line from earlier chunks (pieces of them, not copied), and how many. */
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #atStart = true;
  /** `end()` was called: what is held is the last line. */
  #ended = false;
  #continued = false;

  constructor(options: LineSplitterOptions = {}) {
    const { maxLineBytes = DEFAULT_MAX_LINE_BYTES } = options;
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 16 || maxLineBytes > MAX_STRING_LENGTH) {
      throw new RangeError(`maxLineBytes must be an integer from 16 to ${MAX_STRING_LENGTH}, got ${String(maxLineBytes)}`);
    }
    this.#maxLineBytes = maxLineBytes;
  }

  /**
   * Whether the string the last {@link next} returned is a piece of a longer line that goes on
   * in the next one. False for a whole line, for the last piece of a line, and after undefined.
   */
  get continued(): boolean {
    return this.#continued;
  }

  /**
   * Gives the splitter the next chunk. Take its lines with {@link next} before pushing another:
   * lines are decoded one at a time, as they are asked for, so only one chunk and one line
   * are ever alive (a consumer that is slow holds back the network, not memory).
   */
  push(bytes: Uint8Array): void {
    if (this.#ended) throw new Error('LineSplitter: push() after end(), before next() gave the rest of the text');
    let chunk = toBuffer(bytes);
    if (this.#chunk !== undefined) {
      // Lines not taken yet: keep them in front of the new bytes.
      chunk = Buffer.concat([this.#chunk.subarray(this.#pos), chunk]);
      this.#chunk = undefined;
    }
    if (this.#atStart) {
      const head = this.#partialBytes === 0 ? chunk : Buffer.concat([...this.#partial, chunk]);
      this.#clearPartial();
      if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) {
        if (head.length > 0) this.#hold(head);
        return;
      }
      this.#atStart = false;
      chunk = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    }
    this.#chunk = chunk;
    this.#pos = 0;
    this.#newline = UNKNOWN;
  }

  /**
   * The next line (or piece of a long line) of the chunks pushed so far, or undefined when there
   * is none yet. After {@link end}, also the last line when it had no newline, then undefined.
   */
  next(): string | undefined {
    const chunk = this.#chunk;
    if (chunk !== undefined) {
      const start = this.#pos;
      let newline = this.#newline;
      if (newline === UNKNOWN) newline = chunk.indexOf(10, start);
      else this.#newline = UNKNOWN;
      if (newline !== -1 && this.#partialBytes === 0 && newline - start <= this.#maxLineBytes) {
        // The hot path: a whole line inside the chunk.
        this.#pos = newline + 1;
        this.#continued = false;
        return decodeLine(chunk, start, newline);
      }
      if (newline !== -1) return this.#lineEndingAt(chunk, start, newline);
      if (!this.#ended && this.#partialBytes + chunk.length - start <= this.#maxLineBytes + 1) {
        this.#holdRest();
        this.#continued = false;
        return undefined;
      }
      if (!this.#ended) return this.#pieceOf(chunk, start, newline);
      this.#holdRest();
    }
    return this.#heldLine();
  }

  /**
   * The end of the text. {@link next} then gives the complete lines not taken yet, then the last
   * line if it had no newline (in pieces if it is long), then undefined; after that the splitter
   * starts over, for a new text.
   */
  end(): void {
    this.#ended = true;
  }

  /** The line (held bytes + `chunk[start, newline)`) ends in this chunk, and is too long for the hot path or began earlier. */
  #lineEndingAt(chunk: Buffer, start: number, newline: number): string {
    const held = this.#partialBytes;
    const last = newline > start ? chunk[newline - 1] : this.#lastHeldByte();
    const length = held + newline - start - (last === 13 ? 1 : 0);
    if (length > this.#maxLineBytes) return this.#pieceOf(chunk, start, newline);
    this.#pos = newline + 1;
    this.#continued = false;
    if (held === 0) return decodeLine(chunk, start, newline);
    this.#partial.push(chunk.subarray(start, newline));
    const joined = Buffer.concat(this.#partial);
    this.#clearPartial();
    return decodeLine(joined, 0, joined.length);
  }

  /** No chunk: after `end()`, the held bytes are the last line (or the rest of it); else nothing yet. */
  #heldLine(): string | undefined {
    this.#continued = false;
    if (!this.#ended) return undefined;
    const held = this.#partialBytes;
    if (held === 0) {
      this.#ended = false;
      this.#atStart = true;
      return undefined;
    }
    if (held - (this.#lastHeldByte() === 13 ? 1 : 0) > this.#maxLineBytes) return this.#piece(undefined, 0);
    const rest = this.#partial.length === 1 ? this.#partial[0]! : Buffer.concat(this.#partial);
    this.#clearPartial();
    return decodeLine(rest, 0, rest.length);
  }

  /** A piece cut from `chunk` (with held bytes before it), remembering where the newline is. */
  #pieceOf(chunk: Buffer, start: number, newline: number): string {
    const piece = this.#piece(chunk, start);
    this.#newline = newline;
    return piece;
  }

  /**
   * Cuts the next piece off the front of the current line: the held bytes, then `chunk[start...]`.
   * Called only when more than `maxLineBytes` bytes of the line are there and some of the line is
   * known to come after them (so the cut is never before the `\r` of a `\r\n`).
   */
  #piece(chunk: Buffer | undefined, start: number): string {
    const max = this.#maxLineBytes;
    this.#continued = true;
    if (this.#partialBytes === 0) {
      const cut = cutAt(chunk!, start + max);
      this.#pos = cut;
      return decodeRaw(chunk!, start, cut);
    }
    // The first max + 1 bytes of the line (enough to choose the cut), copied together unless
    // one held buffer has them all.
    const first = this.#partial[0]!;
    const head =
      first.length > max
        ? first
        : Buffer.concat(chunk === undefined ? this.#partial : [...this.#partial, chunk.subarray(start, start + max + 1)], max + 1);
    const cut = cutAt(head, max);
    const piece = decodeRaw(head, 0, cut);
    // Drop the `cut` bytes taken: from the held buffers first, then from the chunk.
    let taken = cut;
    while (this.#partial.length > 0 && this.#partial[0]!.length <= taken) {
      taken -= this.#partial[0]!.length;
      this.#partialBytes -= this.#partial[0]!.length;
      this.#partial.shift();
    }
    if (this.#partial.length > 0) {
      this.#partial[0] = this.#partial[0]!.subarray(taken);
      this.#partialBytes -= taken;
    } else {
      this.#pos = start + taken;
    }
    return piece;
  }

  /** Keeps what is left of the current chunk (a line still being written) and drops the chunk. */
  #holdRest(): void {
    const chunk = this.#chunk!;
    if (this.#pos < chunk.length) this.#hold(this.#pos === 0 ? chunk : chunk.subarray(this.#pos));
    this.#chunk = undefined;
    this.#pos = 0;
    this.#newline = UNKNOWN;
  }

  #hold(bytes: Buffer): void {
    this.#partial.push(bytes);
    this.#partialBytes += bytes.length;
  }

  #clearPartial(): void {
    this.#partial = [];
    this.#partialBytes = 0;
  }

  #lastHeldByte(): number | undefined {
    const last = this.#partial[this.#partial.length - 1];
    return last?.[last.length - 1];
  }
}

/**
 * Splits chunks with a {@link LineSplitter}, all lines at once (tests and small inputs): lines,
 * and the pieces of lines longer than `maxLineBytes`.
 */
export function splitChunks(chunks: Iterable<Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): string[] {
  const splitter = new LineSplitter({ maxLineBytes });
  const lines: string[] = [];
  for (const chunk of chunks) {
    splitter.push(chunk);
    for (let line = splitter.next(); line !== undefined; line = splitter.next()) lines.push(line);
  }
  splitter.end();
  for (let line = splitter.next(); line !== undefined; line = splitter.next()) lines.push(line);
  return lines;
}

/** `LineSplitter.#newline` when no piece was just cut. */
const UNKNOWN = -2;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Where to cut `buffer` so that the piece before ends at `limit` or at most 3 bytes before it:
 * before the nearest byte that is not a continuation byte (10xxxxxx), so no character is cut.
 * When the 4 bytes up to `limit` are all continuation bytes, no character can be under way at
 * `limit` (one has at most 3 after its first byte): they are invalid bytes, each its own U+FFFD,
 * and cutting at `limit` changes nothing.
 */
function cutAt(buffer: Buffer, limit: number): number {
  for (let cut = limit; cut >= limit - 3; cut--) if ((buffer[cut]! & 0xc0) !== 0x80) return cut;
  return limit;
}

/**
 * `buffer.utf8Slice(start, end)`: what `buffer.toString('utf8', start, end)` calls after checking
 * its arguments, present on Buffer.prototype in every Node version. Called directly it saves
 * a third of the time of a 100-byte line; `toString` is the fallback should it ever go away.
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (this: Buffer, start: number, end: number) => string }).utf8Slice;

/** Decodes `buffer[start, end)`, without a `\r` just before `end`. */
function decodeLine(buffer: Buffer, start: number, end: number): string {
  const stop = end > start && buffer[end - 1] === 13 ? end - 1 : end;
  return utf8Slice === undefined ? buffer.toString('utf8', start, stop) : utf8Slice.call(buffer, start, stop);
}

/** Decodes `buffer[start, end)` as it is (a piece that the line goes on after keeps a `\r` at its end). */
function decodeRaw(buffer: Buffer, start: number, end: number): string {
  return utf8Slice === undefined ? buffer.toString('utf8', start, end) : utf8Slice.call(buffer, start, end);
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}

/**
 * The reference the streaming splitter must agree with: the whole text split on `\n`, a `\r`
 * before a `\n` (or at the very end) dropped, and no empty line after a final newline.
 */
export function splitLinesOnce(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map(stripCr);
}
