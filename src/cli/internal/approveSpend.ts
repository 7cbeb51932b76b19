/**
 * The rule before anything that can spend money: print the worst case, and above a threshold
 * ask (unless --yes, or there is no terminal to ask at). Internal.
 */
import type { CliContext } from './CliContext';
import { canAsk, confirm } from './confirm';
import { formatUsd } from './formatDuration';

/** Dollars above which the command asks before launching (`--confirm-above` changes it). */
export const DEFAULT_CONFIRM_ABOVE_USD = 10;

export interface SpendRequest {
  /** What is about to happen: `6 jobs`, `1 job (resnet50-...)`. */
  what: string;
  /** The worst case; undefined when some instance type has no price (then it always asks, if it can). */
  maxUsd: number | undefined;
  yes: boolean;
  confirmAboveUsd: number;
  /** The Ctrl-C of the command: a Ctrl-C at the question is a no. */
  signal?: AbortSignal | undefined;
}

/**
 * Prints `<what>, worst case $X` and resolves whether to go on.
 *
 * @example
 * ```ts
 * if (!(await approveSpend(ctx, { what: '6 jobs', maxUsd: plan.maxUsd, yes: flags.yes, confirmAboveUsd: 10 }))) return 1;
 * ```
 */
export async function approveSpend(ctx: CliContext, request: SpendRequest): Promise<boolean> {
  const worst = request.maxUsd === undefined ? 'worst case unknown (an instance type has no price)' : `worst case ${formatUsd(request.maxUsd)}`;
  ctx.err(`${request.what}: ${ctx.color.err.bold(worst)} (every job running to its MaxRuntime, on-demand prices)`);
  const over = request.maxUsd === undefined || request.maxUsd > request.confirmAboveUsd;
  if (!over || request.yes || !canAsk(ctx)) return true;
  const yes = await confirm(ctx, `Spend up to ${request.maxUsd === undefined ? 'an unknown amount' : formatUsd(request.maxUsd)}?`, request.signal);
  if (!yes) ctx.err('Nothing was launched.');
  return yes;
}
