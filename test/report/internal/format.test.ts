import { describe, expect, it } from 'vitest';
import { formatEpoch, formatMetric, formatSeconds, formatSpreadSeconds, formatUsd, NONE } from '../../../src/report/internal/format';

describe('format', () => {
  it('writes seconds with one decimal and a spread as mean ± standard deviation', () => {
    expect(formatSeconds(43.25)).toBe('43.3 s');
    expect(formatSpreadSeconds({ mean: 43.2, std: 4.9396, n: 10, min: 40, max: 53 })).toBe('43.2 ± 4.9 s');
    expect(formatSpreadSeconds({ mean: 109, n: 1, min: 109, max: 109 })).toBe('109.0 s');
  });

  it('writes dollars with four significant digits, two to four decimals', () => {
    expect(formatUsd(11.476)).toBe('$11.48');
    expect(formatUsd(0.333625)).toBe('$0.3336');
    expect(formatUsd(0.0115369)).toBe('$0.0115');
    expect(formatUsd(0.00004)).toBe('$0.0000');
    expect(formatUsd(1234.5678)).toBe('$1234.57');
    expect(formatUsd(3.2)).toBe('$3.200');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(-0.5)).toBe('-$0.5000');
  });

  it('writes metrics with four significant digits', () => {
    expect(formatMetric(0.87312)).toBe('0.8731');
    expect(formatMetric(1234.567)).toBe('1235');
    expect(formatMetric(0.625)).toBe('0.625');
    expect(formatEpoch(4.5)).toBe('4.5');
  });

  it('spells NaN and infinities out, and writes a dash for what does not exist', () => {
    for (const f of [formatSeconds, formatUsd, formatMetric, formatEpoch]) {
      expect(f(NaN)).toBe('NaN');
      expect(f(Infinity)).toBe('Infinity');
      expect(f(-Infinity)).toBe('-Infinity');
      expect(f(undefined)).toBe(NONE);
    }
  });
});
