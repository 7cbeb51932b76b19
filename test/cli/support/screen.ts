/**
 * A tiny terminal for tests: applies what a program writes to a `rows x columns` grid, the way a
 * VT100-style terminal would, so a test can assert what a person would SEE rather than which
 * bytes were written. Honours printable text (with auto-wrap at the right margin, deferred as
 * xterm does), `\r`, `\n` (a new line, as a TTY's ONLCR makes it; scrolling at the bottom), ESC[nA, ESC[nB, ESC[nC, ESC[nD, ESC[nE,
 * ESC[nF, ESC[nG, ESC[r;cH, ESC[K (0, 1, 2), ESC[J (0, 1, 2; a whole screen erased goes to the
 * scrollback, as tmux keeps it), ESC[?25l / ESC[?25h; SGR (ESC[...m) and any other sequence are ignored.
 */
export class Screen {
  readonly rows: number;
  readonly columns: number;
  /** The grid: rows of single characters (' ' where nothing is). */
  readonly grid: string[][];
  /** Lines scrolled off the top, oldest first (trailing spaces trimmed). */
  readonly scrolledOff: string[] = [];
  row = 0;
  column = 0;
  cursorVisible = true;
  /** A terminal, for the code that asks. */
  readonly isTTY = true;
  /** Times a line reached the right margin and continued on the next row. */
  wraps = 0;
  /** Every chunk written, as it was. */
  readonly writes: string[] = [];
  /** Set when the last character written filled the last column (xterm's deferred wrap). */
  #wrapPending = false;

  constructor(rows: number, columns: number) {
    this.rows = rows;
    this.columns = columns;
    this.grid = Array.from({ length: rows }, () => this.#blankRow());
  }

  #blankRow(): string[] {
    return Array.from({ length: this.columns }, () => ' ');
  }

  /** What a stream given to the code under test calls. */
  write(chunk: string): boolean {
    this.writes.push(chunk);
    this.#apply(chunk);
    return true;
  }

  /** The visible rows, trailing spaces trimmed. */
  lines(): string[] {
    return this.grid.map((row) => row.join('').trimEnd());
  }

  /** The visible rows that are not empty, in order. */
  nonEmptyLines(): string[] {
    return this.lines().filter((line) => line !== '');
  }

  /** Everything: the lines scrolled off, then the visible rows, with empty rows at the end dropped. */
  transcript(): string[] {
    const all = [...this.scrolledOff, ...this.lines()];
    while (all.length > 0 && all.at(-1) === '') all.pop();
    return all;
  }

  #lineFeed(): void {
    if (this.row === this.rows - 1) {
      this.scrolledOff.push(this.grid.shift()!.join('').trimEnd());
      this.grid.push(this.#blankRow());
    } else {
      this.row++;
    }
  }

  #put(char: string): void {
    if (this.#wrapPending) {
      this.#wrapPending = false;
      this.wraps++;
      this.column = 0;
      this.#lineFeed();
    }
    this.grid[this.row]![this.column] = char;
    if (this.column === this.columns - 1) this.#wrapPending = true;
    else this.column++;
  }

  #apply(chunk: string): void {
    const chars = [...chunk];
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      if (char === '\x1b') {
        if (chars[i + 1] !== '[') {
          i++; // a two-character escape: ignored
          continue;
        }
        let j = i + 2;
        let params = '';
        while (j < chars.length && /[0-9;?]/.test(chars[j]!)) params += chars[j++];
        const final = chars[j] ?? '';
        this.#sequence(params, final);
        i = j;
        continue;
      }
      if (char === '\r') {
        this.column = 0;
        this.#wrapPending = false;
      } else if (char === '\n') {
        // A TTY's line discipline (ONLCR) turns \n into \r\n.
        this.column = 0;
        this.#wrapPending = false;
        this.#lineFeed();
      } else if (char === '\b') {
        this.column = Math.max(0, this.column - 1);
        this.#wrapPending = false;
      } else if (char === '\t') {
        this.column = Math.min(this.columns - 1, (Math.floor(this.column / 8) + 1) * 8);
      } else if (char >= ' ') {
        this.#put(char);
      }
    }
  }

  #sequence(params: string, final: string): void {
    if (params.startsWith('?')) {
      if (params === '?25' && final === 'l') this.cursorVisible = false;
      if (params === '?25' && final === 'h') this.cursorVisible = true;
      return;
    }
    const numbers = params.split(';').map((p) => (p === '' ? undefined : Number(p)));
    const n = Math.max(1, numbers[0] ?? 1);
    const clampRow = (r: number): number => Math.min(this.rows - 1, Math.max(0, r));
    const clampColumn = (c: number): number => Math.min(this.columns - 1, Math.max(0, c));
    if (final !== 'm') this.#wrapPending = false;
    switch (final) {
      case 'A':
        this.row = clampRow(this.row - n);
        break;
      case 'B':
        this.row = clampRow(this.row + n);
        break;
      case 'C':
        this.column = clampColumn(this.column + n);
        break;
      case 'D':
        this.column = clampColumn(this.column - n);
        break;
      case 'E':
        this.row = clampRow(this.row + n);
        this.column = 0;
        break;
      case 'F':
        this.row = clampRow(this.row - n);
        this.column = 0;
        break;
      case 'G':
        this.column = clampColumn(n - 1);
        break;
      case 'H':
      case 'f':
        this.row = clampRow((numbers[0] ?? 1) - 1);
        this.column = clampColumn((numbers[1] ?? 1) - 1);
        break;
      case 'K': {
        const mode = numbers[0] ?? 0;
        const row = this.grid[this.row]!;
        for (let c = 0; c < this.columns; c++) {
          if ((mode === 0 && c >= this.column) || (mode === 1 && c <= this.column) || mode === 2) row[c] = ' ';
        }
        break;
      }
      case 'J': {
        const mode = numbers[0] ?? 0;
        // As tmux does: a screen erased whole (from its top-left corner) goes to the scrollback.
        if (mode === 2 || (mode === 0 && this.row === 0 && this.column === 0)) {
          const lines = this.lines();
          while (lines.length > 0 && lines.at(-1) === '') lines.pop();
          this.scrolledOff.push(...lines);
        }
        for (let r = 0; r < this.rows; r++) {
          for (let c = 0; c < this.columns; c++) {
            const after = r > this.row || (r === this.row && c >= this.column);
            const before = r < this.row || (r === this.row && c <= this.column);
            if ((mode === 0 && after) || (mode === 1 && before) || mode === 2 || mode === 3) this.grid[r]![c] = ' ';
          }
        }
        break;
      }
      default:
        break; // SGR and anything else: no effect on the text
    }
  }
}
