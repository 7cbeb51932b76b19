/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as it aborts.
 * The timer and the abort listener are always released. Internal.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw for an aborted signal: its reason, or a DOMException named AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Throws the signal's reason if it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/**
 * An AbortController that aborts (with the parent's reason) when `parent` does, and also on its
 * own: for a deadline or an early end of one part of a call. `release()` removes the link.
 * A parent already aborted aborts it at once.
 */
export function linkedAbortController(parent: AbortSignal | undefined): { controller: AbortController; release: () => void } {
  const controller = new AbortController();
  if (parent === undefined) return { controller, release: () => undefined };
  const forward = (): void => controller.abort(abortReason(parent));
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  return { controller, release: () => parent.removeEventListener('abort', forward) };
}
