/**
 * Runs one measured child process of a benchmark and reads its report: the last line it prints
 * on stdout, as JSON. stderr is passed through; a non-zero exit rejects.
 */
import { spawn } from 'node:child_process';

export function runJsonChild<T>(command: readonly string[], what: string, env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' }): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`${what} run exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
    });
  });
}
