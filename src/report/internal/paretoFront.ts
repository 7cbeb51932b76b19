/**
 * The Pareto front of configurations over (time, dollars): those no other beats in both.
 * Internal.
 *
 * @module
 */

/**
 * The indexes of the points no other point dominates (another is at most as high in both `x`
 * and `y` and lower in one), both to be minimised; equal points are all on the front. In
 * ascending `x` (then `y`) order: the order of the front's step line.
 */
export function paretoFront(points: readonly { x: number; y: number }[]): number[] {
  const front: number[] = [];
  points.forEach((p, i) => {
    const dominated = points.some((q, j) => j !== i && q.x <= p.x && q.y <= p.y && (q.x < p.x || q.y < p.y));
    if (!dominated) front.push(i);
  });
  return front.sort((a, b) => points[a]!.x - points[b]!.x || points[a]!.y - points[b]!.y || a - b);
}
