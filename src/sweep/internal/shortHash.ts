/**
 * A short, stable hash of a text: 32-bit FNV-1a in base 36, 5 characters (about 60 million
 * values). For telling apart job names of cells the naming convention cannot; stable across
 * processes and versions, which is what lets a sweep find its jobs again. Internal.
 *
 * @example
 * ```ts
 * shortHash('["ml.g5.xlarge",1]'); // e.g. 'k3f0a'
 * ```
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 36 ** 5).toString(36).padStart(5, '0');
}
