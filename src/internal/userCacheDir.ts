/**
 * Where sagemaker-bench keeps files it can fetch again (fetched price catalogs). Internal.
 *
 * @module
 */
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

/** The application's folder name in the platform's cache directory. */
const APP = 'sagemaker-bench';

/**
 * The per-user cache directory of sagemaker-bench, following each platform's convention:
 *
 * - `$XDG_CACHE_HOME/sagemaker-bench` when `XDG_CACHE_HOME` is set to an absolute path (on any
 *   platform: the XDG Base Directory spec ignores a relative one, and so does this);
 * - macOS: `~/Library/Caches/sagemaker-bench`;
 * - Windows: `%LOCALAPPDATA%\sagemaker-bench\Cache` (`~\AppData\Local\...` when the variable is
 *   unset);
 * - elsewhere: `~/.cache/sagemaker-bench`.
 *
 * A pure path computation: nothing is created or checked on disk. Callers create the
 * directories they write to.
 *
 * @example
 * ```ts
 * import { join } from 'node:path';
 *
 * const file = join(userCacheDir(), 'prices', 'us-east-1.json');
 * // Linux: /home/ada/.cache/sagemaker-bench/prices/us-east-1.json
 * ```
 */
export function userCacheDir(): string {
  const env = process.env;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsoluteAnywhere(xdg)) return join(xdg, APP);
  if (process.platform === 'win32') {
    const local = env['LOCALAPPDATA'];
    const base = local !== undefined && local !== '' ? local : win32.join(homedir(), 'AppData', 'Local');
    return win32.join(base, APP, 'Cache');
  }
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', APP);
  return join(homedir(), '.cache', APP);
}

/** An absolute path in POSIX or Windows form (`/x`, `C:\x`, `\\server\share`). */
function isAbsoluteAnywhere(path: string): boolean {
  return path.startsWith('/') || win32.isAbsolute(path);
}
