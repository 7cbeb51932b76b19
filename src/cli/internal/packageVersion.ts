/** The version of sagemaker-bench that is running, read from its package.json (in a clone and when installed). Internal. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** `0.1.0`: the `version` of the nearest package.json named sagemaker-bench above this file. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === 'sagemaker-bench' && typeof json.version === 'string') return (cached = json.version);
    } catch {
      // not here: look one folder up
    }
    dir = dirname(dir);
  }
  return (cached = 'unknown');
}
