import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeByTimestamp } from '../../../src/logs/internal/mergeByTimestamp';
import type { TimedBatch } from '../../../src/logs/internal/mergeByTimestamp';

async function* batches(source: string, pages: [number, string][][]): AsyncGenerator<TimedBatch> {
  for (const page of pages) yield { source, timestamps: page.map(([ts]) => ts), messages: page.map(([, m]) => m) };
}

async function flatten(inputs: AsyncIterator<TimedBatch>[]): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of mergeByTimestamp(inputs)) {
    batch.messages.forEach((m, i) => out.push(`${batch.timestamps?.[i]?.getTime()} ${batch.source} ${m}`));
  }
  return out;
}

describe('mergeByTimestamp', () => {
  it('orders by timestamp, ties by input order, then by order within the input', async () => {
    const got = await flatten([
      batches('a', [[[1, 'a1'], [3, 'a3']], [], [[3, 'a3b']]]),
      batches('b', [[[1, 'b1'], [2, 'b2'], [3, 'b3']]]),
    ]);
    expect(got).toEqual(['1 a a1', '1 b b1', '2 b b2', '3 a a3', '3 a a3b', '3 b b3']);
  });

  it('passes a single input through batch by batch', async () => {
    const output: number[] = [];
    for await (const batch of mergeByTimestamp([batches('a', [[[1, 'x'], [2, 'y']], [[3, 'z']]])])) output.push(batch.messages.length);
    expect(output).toEqual([2, 1]);
  });

  it('is a stable merge of any sorted inputs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 6 }), { maxLength: 5 }), { maxLength: 4 }),
        async (inputs) => {
          // Each input: pages of timestamps, sorted across pages.
          const sorted = inputs.map((pages) => {
            const all = pages.flat().sort((a, b) => a - b);
            let k = 0;
            return pages.map((page) => page.map(() => all[k++]!));
          });
          let n = 0;
          const numbered = sorted.map((pages) => pages.map((page) => page.map((ts) => [ts, `#${n++}`] as [number, string])));
          const got = await flatten(numbered.map((pages, i) => batches(`in${i}`, pages)));
          const expected = numbered
            .flatMap((pages, i) => pages.flat().map(([ts, m], k) => ({ ts, m, i, k })))
            .sort((a, b) => a.ts - b.ts || a.i - b.i || a.k - b.k)
            .map((e) => `${e.ts} in${e.i} ${e.m}`);
          expect(got).toEqual(expected);
        },
      ),
    );
  });

  it('closes every input when the consumer stops early', async () => {
    const closed: string[] = [];
    async function* endless(name: string): AsyncGenerator<TimedBatch> {
      try {
        for (let ts = 0; ; ts++) yield { source: name, timestamps: [ts], messages: [`${name}${ts}`] };
      } finally {
        closed.push(name);
      }
    }
    for await (const batch of mergeByTimestamp([endless('a'), endless('b')])) {
      if (batch.timestamps?.[0]?.getTime() === 3) break;
    }
    expect(closed.sort()).toEqual(['a', 'b']);
  });
});
