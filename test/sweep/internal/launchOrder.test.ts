import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { launchOrder, randomSeed } from '../../../src/sweep/internal/launchOrder';

/** `cells` cells of `repeats` repeats each, in plan order (repeat 1 of every cell first). */
function jobs(cells: number, repeats: number): { jobName: string; cell: { repeat: number } }[] {
  const list: { jobName: string; cell: { repeat: number } }[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (let c = 0; c < cells; c++) list.push({ jobName: `cell${c}-r${repeat}`, cell: { repeat } });
  }
  return list;
}

const repeatOf = (name: string): number => Number(/-r(\d+)$/.exec(name)![1]);
const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });

describe('launchOrder', () => {
  it('gives the same order for the same seed', () => {
    const plan = jobs(6, 3);
    expect(launchOrder(plan, 42)).toEqual(launchOrder(plan, 42));
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), (s, cells, repeats) => {
        expect(launchOrder(jobs(cells, repeats), s)).toEqual(launchOrder(jobs(cells, repeats), s));
      }),
    );
  });

  it('launches every job exactly once', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 4 }), (s, cells, repeats) => {
        const plan = jobs(cells, repeats);
        const order = launchOrder(plan, s);
        expect(order).toHaveLength(plan.length);
        expect([...order].sort()).toEqual(plan.map((j) => j.jobName).sort());
      }),
    );
  });

  it('launches every repeat-1 job before any repeat-2 job, and so on', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), (s, cells, repeats) => {
        const repeatsInOrder = launchOrder(jobs(cells, repeats), s).map(repeatOf);
        expect(repeatsInOrder).toEqual([...repeatsInOrder].sort((a, b) => a - b));
      }),
    );
  });

  it('groups by repeat even when the jobs are not listed by repeat', () => {
    const shuffled = [...jobs(4, 3)].reverse();
    const repeatsInOrder = launchOrder(shuffled, 7).map(repeatOf);
    expect(repeatsInOrder).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });

  it('shuffles differently for different seeds', () => {
    const plan = jobs(8, 1);
    const orders = new Set<string>();
    for (let s = 0; s < 50; s++) orders.add(launchOrder(plan, s).join(','));
    expect(orders.size).toBeGreaterThan(40);
  });

  it('puts each cell first sometimes over many seeds', () => {
    const cells = 5;
    const plan = jobs(cells, 2);
    const firsts = new Map<string, number>();
    for (let s = 0; s < 1000; s++) {
      const first = launchOrder(plan, s)[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.size).toBe(cells);
    // About 200 each; far from 0 or 1000 if the shuffle is fair.
    for (const count of firsts.values()) expect(count).toBeGreaterThan(100);
    for (const name of firsts.keys()) expect(repeatOf(name)).toBe(1);
  });

  it('shuffles every round, not only the first', () => {
    const plan = jobs(6, 2);
    const secondRounds = new Set<string>();
    for (let s = 0; s < 30; s++) secondRounds.add(launchOrder(plan, s).slice(6).join(','));
    expect(secondRounds.size).toBeGreaterThan(20);
  });

  it('does not change the jobs it is given', () => {
    const plan = jobs(5, 2);
    const before = JSON.stringify(plan);
    launchOrder(plan, 3);
    expect(JSON.stringify(plan)).toBe(before);
  });

  it('draws random seeds that are 32-bit whole numbers', () => {
    for (let i = 0; i < 100; i++) {
      const s = randomSeed();
      expect(Number.isSafeInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(2 ** 32);
    }
  });
});
