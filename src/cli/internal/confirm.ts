/** A yes/no question at the terminal (stderr, answered on stdin). Internal. */
import { createInterface } from 'node:readline';
import type { CliContext } from './CliContext';

/** Whether a question can be asked: stdin and stderr are a terminal. */
export function canAsk(ctx: CliContext): boolean {
  return ctx.io.stdin.isTTY === true && ctx.io.stderr.isTTY === true;
}

/**
 * Asks `question [y/N]` and resolves true only for y / yes. Resolves false when the input ends,
 * or when `signal` aborts (a Ctrl-C while asking is a no).
 *
 * @example
 * ```ts
 * if (canAsk(ctx) && !(await confirm(ctx, 'Launch 6 jobs, at most $12.34?'))) return 1;
 * ```
 */
export function confirm(ctx: CliContext, question: string, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream, terminal: false });
    let done = false;
    const finish = (answer: boolean): void => {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      rl.close();
      resolve(answer);
    };
    const onAbort = (): void => {
      ctx.err('');
      finish(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    rl.on('close', () => finish(false));
    ctx.io.stderr.write(`${question} [y/N] `);
    rl.once('line', (line) => finish(/^\s*y(es)?\s*$/i.test(line)));
  });
}
