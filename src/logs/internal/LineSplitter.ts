/**
 * Streaming UTF-8 line splitting. Internal.
 *
 * Bytes go in as they arrive, in chunks cut anywhere (inside a line, between `\r` and `\n`,
 * inside a multi-byte character); complete lines come out. Lines are cut on the byte `\n`
 * (0x0A never occurs inside a multi-byte UTF-8 character) and each line is decoded on its
 * own, so a character cut between chunks is decoded whole, and the result never depends on
 * where the chunks were cut: it equals {@link splitLinesOnce} of the whole text. Decoding line
 * by line also keeps every string small and short-lived (cheap for the garbage collector) and
 * pure-ASCII lines one byte per character.
 *
 * Like `TextDecoder`, a UTF-8 byte order mark at the very start is dropped and invalid bytes
 * become U+FFFD.
 */
export class LineSplitter {
  /** The chunk being split, and where the next line starts in it. */
  #chunk: Buffer | undefined;
  #pos = 0;
  /** Bytes after the last newline of earlier chunks (pieces of them, not copied). */
  #partial: Buffer[] = [];
  #atStart = true;

  /**
   * Gives the splitter the next chunk. Take its lines with {@link next} before pushing another:
   * lines are decoded one at a time, as they are asked for, so only one chunk and one line
   * are ever alive (a consumer that is slow holds back the network, not memory).
   */
  push(bytes: Uint8Array): void {
    let chunk = toBuffer(bytes);
    if (this.#chunk !== undefined) {
      // Lines not taken yet: keep them in front of the new bytes.
      chunk = Buffer.concat([this.#chunk.subarray(this.#pos), chunk]);
      this.#chunk = undefined;
    }
    if (this.#atStart) {
      const head = this.#partial.length === 0 ? chunk : Buffer.concat([...this.#partial, chunk]);
      this.#partial = [];
      if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) {
        if (head.length > 0) this.#partial.push(head);
        return;
      }
      this.#atStart = false;
      chunk = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    }
    this.#chunk = chunk;
    this.#pos = 0;
  }

  /** The next complete line of the chunks pushed so far, or undefined when there is none yet. */
  next(): string | undefined {
    const chunk = this.#chunk;
    if (chunk === undefined) return undefined;
    const start = this.#pos;
    const newline = chunk.indexOf(10, start);
    if (newline === -1) {
      this.#holdRest();
      return undefined;
    }
    this.#pos = newline + 1;
    if (this.#partial.length === 0) return decodeLine(chunk, start, newline);
    this.#partial.push(chunk.subarray(start, newline));
    const joined = Buffer.concat(this.#partial);
    this.#partial = [];
    return decodeLine(joined, 0, joined.length);
  }

  /** The end of the text: the complete lines not taken yet, then the last line if it had no newline. */
  end(): string[] {
    const lines: string[] = [];
    for (let line = this.next(); line !== undefined; line = this.next()) lines.push(line);
    const rest = this.#partial.length === 1 ? this.#partial[0]! : Buffer.concat(this.#partial);
    this.#partial = [];
    this.#atStart = true;
    if (rest.length > 0) lines.push(decodeLine(rest, 0, rest.length));
    return lines;
  }

  /** Keeps what is left of the current chunk (a line still being written) and drops the chunk. */
  #holdRest(): void {
    const chunk = this.#chunk!;
    if (this.#pos < chunk.length) this.#partial.push(this.#pos === 0 ? chunk : chunk.subarray(this.#pos));
    this.#chunk = undefined;
    this.#pos = 0;
  }
}

/** Splits chunks with a {@link LineSplitter}, all lines at once (tests and small inputs). */
export function splitChunks(chunks: Iterable<Uint8Array>): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) {
    splitter.push(chunk);
    for (let line = splitter.next(); line !== undefined; line = splitter.next()) lines.push(line);
  }
  lines.push(...splitter.end());
  return lines;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
