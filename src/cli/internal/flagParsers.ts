/**
 * Parsers of flag values for commander's `argParser`: a bad value is a usage error (exit 2)
 * naming the flag and what it takes, never a TypeError from deep inside. Internal.
 */
import { InvalidArgumentError } from '@commander-js/extra-typings';

/** A whole number >= `min` (`--batch-size 512`, `--max-concurrent 4`). */
export function wholeNumber(min = 1): (value: string) => number {
  return (value: string) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got ${JSON.stringify(value)}.`);
    return n;
  };
}

/** An amount of US dollars >= 0 (`--budget 200`, `--budget 12.50`, `--budget $20`). */
export function dollars(value: string): number {
  const n = /^\s*\$?\d+(\.\d+)?\s*$/.test(value) ? Number(value.replace('$', '')) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected an amount of US dollars such as 200 or 12.50, got ${JSON.stringify(value)}.`);
  return n;
}

/** `metric=value` of a report's target (`--target val_accuracy=0.9`). */
export function target(value: string): { metric: string; value: number } {
  const match = /^\s*([^=\s]+)\s*=\s*(-?\d+(\.\d+)?)\s*$/.exec(value);
  if (match === null) throw new InvalidArgumentError(`expected metric=value such as val_accuracy=0.9, got ${JSON.stringify(value)}.`);
  return { metric: match[1]!, value: Number(match[2]) };
}

/** A command line split at spaces (`--command "python3 train.py"`); no shell quoting. */
export function words(value: string): string[] {
  const parts = value.trim().split(/\s+/).filter((part) => part !== '');
  if (parts.length === 0) throw new InvalidArgumentError('expected a command such as "python3 train.py".');
  return parts;
}
