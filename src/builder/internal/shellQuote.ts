/**
 * POSIX-shell quoting of one word. Internal.
 *
 * A word made only of characters no shell treats specially is returned as it is (so the seed's
 * `batch-size=512,epochs=5` stays readable); anything else is wrapped in single quotes, inside
 * which bash, dash, zsh and ksh expand nothing: not `$(...)`, backticks, `$VAR`, globs, `~`,
 * braces, `#`, nor `!` (history expansion does not look inside single quotes either). A single
 * quote in the word becomes `'\''`. Newlines and non-ASCII characters are kept literally.
 * NUL cannot be passed in an argument at all: callers must keep it out (JSON escapes it).
 *
 * @example
 * ```ts
 * shellQuote('batch-size=512');   // batch-size=512
 * shellQuote("it's $(date)");     // 'it'\''s $(date)'
 * ```
 */

/**
 * Characters that are never special to bash, dash, zsh or ksh, wherever they are in a word; `=`
 * is kept off the start because zsh expands a leading `=cmd` to the command's path.
 */
const PLAIN_WORD = /^[A-Za-z0-9_.\/:@%+,-][A-Za-z0-9_.\/:@%+=,-]*$/;

export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
