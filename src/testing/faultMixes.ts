/**
 * Ready-made mixes of fault rules for the fault proxy. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import type { FaultKind, FaultRule } from './FaultRule';

/**
 * The share (0..1) of all matching requests that should get each kind of fault, for
 * {@link faultMix}: `{ throttle: 0.1, reset: 0.05 }` is 10% throttled and 5% cut overall.
 *
 * @example
 * ```ts
 * import type { FaultRates } from 'sagemaker-bench/testing';
 *
 * const rates: FaultRates = { throttle: 0.2, internal: 0.05 };
 * ```
 */
export type FaultRates = Partial<Record<FaultKind, number>>;

/** The order a mix's rules are tried in. */
const ORDER: readonly FaultKind[] = ['throttle', 'internal', 'unavailable', 'reset', 'slow', 'stall', 'hold'];

/**
 * Fault rules that give each matching request the given overall chances of each fault. The
 * proxy tries rules in order and stops at the first hit, so each later rule's `rate` is its
 * share divided by what the earlier ones left: `{ throttle: 0.1, internal: 0.05 }` gives rates
 * 0.1 and 0.05 / 0.9. `operation` (a name or a pattern; default every operation) says which
 * requests the rules apply to. The shares must add up to at most 1.
 *
 * @example
 * ```ts
 * import { faultMix, startFaultProxy, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * // a fifth of the S3 reads throttled, 5% cut in the middle of the body
 * const proxy = await startFaultProxy({ target: moto.endpoint, rules: faultMix({ throttle: 0.2, reset: 0.05 }, /^(GetObject|ListObjectsV2)$/) });
 * ```
 */
export function faultMix(rates: FaultRates, operation?: string | RegExp): FaultRule[] {
  let left = 1;
  const rules: FaultRule[] = [];
  for (const kind of Object.keys(rates)) {
    if (!ORDER.includes(kind as FaultKind)) throw new RangeError(`faultMix: unknown fault kind ${JSON.stringify(kind)} (one of ${ORDER.join(', ')})`);
  }
  for (const kind of ORDER) {
    const share = rates[kind];
    if (share === undefined) continue;
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
      throw new RangeError(`faultMix: the share of ${kind} must be a number from 0 to 1, got ${String(share)}`);
    }
    if (share > left + 1e-9) throw new RangeError(`faultMix: the shares add up to more than 1`);
    if (share === 0) continue;
    const rule: FaultRule = { kind, rate: left <= 0 ? 1 : Math.min(1, share / left) };
    if (operation !== undefined) rule.operation = operation;
    rules.push(rule);
    left -= share;
  }
  return rules;
}

/**
 * The classic mix: of the requests `operation` matches (a name or a pattern; default every
 * operation), 10% throttled, 10% answered with a 5xx (half 500, half 503) and 10% cut by a
 * connection reset after part of the answer. Every one of them is a fault the SDK retries,
 * so code that works through it shows that it survives a bad day of AWS; with a fixed `seed`
 * on the proxy, the same requests fail every run. Rules are tried in order, so each later rate
 * is divided by what the earlier ones left (0.05 / 0.9 of the 90% not throttled is 5% overall).
 *
 * @example
 * ```ts
 * import { clientsFor, startFaultProxy, startMoto, tenPercentFaults } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * const proxy = await startFaultProxy({ target: moto.endpoint, seed: 42, rules: tenPercentFaults(/^(GetLogEvents|DescribeLogStreams)$/) });
 * const clients = clientsFor(proxy);
 * ```
 */
export function tenPercentFaults(operation?: string | RegExp): FaultRule[] {
  const rules: FaultRule[] = [
    { kind: 'throttle', rate: 0.1 },
    { kind: 'internal', rate: 0.05 / 0.9 },
    { kind: 'unavailable', rate: 0.05 / 0.85 },
    { kind: 'reset', rate: 0.1 / 0.8 },
  ];
  return operation === undefined ? rules : rules.map((rule) => ({ operation, ...rule }));
}
