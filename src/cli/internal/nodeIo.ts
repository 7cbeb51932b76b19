/** The real process's {@link CliIo}: its streams, environment and signals. Internal. */
import type { CliIo, CliOutput } from './CliIo';

/** Writes to `stream` until its reader goes (EPIPE), then drops writes and aborts `closed`. */
function guarded(stream: NodeJS.WriteStream, closed: AbortController | undefined): CliOutput {
  let gone = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      gone = true;
      closed?.abort(error);
      return;
    }
    throw error;
  });
  return {
    write: (chunk: string) => (gone ? true : stream.write(chunk)),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
    get rows() {
      return stream.rows;
    },
    get closed() {
      return gone;
    },
    once: (event: 'drain', listener: () => void) => stream.once(event, listener),
  };
}

/**
 * This process as a CliIo. `dispose()` removes its signal handlers.
 *
 * @example
 * ```ts
 * const { io, dispose } = nodeIo();
 * process.exitCode = await runCli(process.argv.slice(2), io);
 * dispose();
 * ```
 */
export function nodeIo(): { io: CliIo; dispose: () => void } {
  const outputClosed = new AbortController();
  const listeners = new Set<(signal: 'SIGINT' | 'SIGTERM') => void>();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (listeners.size === 0) {
      // Nothing running can be stopped: end as a shell expects of an interrupted command.
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    for (const listener of [...listeners]) listener(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const io: CliIo = {
    stdout: guarded(process.stdout, outputClosed),
    stderr: guarded(process.stderr, undefined),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    outputClosed: outputClosed.signal,
  };
  return {
    io,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
