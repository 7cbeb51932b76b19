/**
 * examples/local/train.py, run with python3 as a training container runs its entry point: in a
 * temporary tree standing for /opt/ml (SAGEMAKER_BASE_DIR), with the hyperparameters and the
 * training channel where the SageMaker training toolkit's contract puts them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';
import type { TrainingMetrics } from '../../src/metrics/TrainingMetrics';

const SCRIPT = fileURLToPath(new URL('../../examples/local/train.py', import.meta.url));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the spawn to the exit. */
  ms: number;
  /** When it exited (Date.now()). */
  endedAt: number;
}

/** This process's environment without any SageMaker variable, plus `extra`. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SM_') && k !== 'SAGEMAKER_BASE_DIR') env[k] = v;
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

/** Runs the script; `onStdout` sees the output so far and the child, each time some arrives. */
function run(args: string[], env: Record<string, string>, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('python3', [SCRIPT, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started, endedAt: Date.now() }));
  });
}

/** A fresh /opt/ml stand-in with `hyperparameters` (strings, as the service writes them). */
async function baseDir(root: string, name: string, hyperparameters: Record<string, string>): Promise<string> {
  const base = join(root, name);
  await mkdir(join(base, 'input', 'config'), { recursive: true });
  await writeFile(join(base, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
  return base;
}

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'train-script-'));
  dataDir = join(root, 'data');
  const generated = await run(['--generate', dataDir, '--samples', '1000', '--seed', '3'], {});
  expect(generated.code, generated.stderr).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('examples/local/train.py', () => {
  it('writes train.csv with a header and one row per sample on --generate', async () => {
    const lines = (await readFile(join(dataDir, 'train.csv'), 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe(['label', ...Array.from({ length: 64 }, (_, k) => `p${k}`)].join(','));
    expect(lines).toHaveLength(1001);
    const labels = new Set(lines.slice(1).map((line) => Number(line.split(',')[0])));
    expect([...labels].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lines.slice(1).every((line) => line.split(',').length === 65)).toBe(true);
  });

  describe('run in a tree with hyperparameters.json and the training channel', () => {
    let base: string;
    let result: Run;
    let metrics: TrainingMetrics;

    beforeAll(async () => {
      base = await baseDir(root, 'ml', { epochs: '4', 'batch-size': '32', 'learning-rate': '0.1', seed: '7', 'sleep-per-epoch': '0.6', sagemaker_program: 'train.py' });
      await mkdir(join(base, 'input', 'data'), { recursive: true });
      await run(['--generate', join(base, 'input', 'data', 'training'), '--samples', '1000', '--seed', '3'], {});
      result = await run([], { SAGEMAKER_BASE_DIR: base });
      metrics = await parseTrainingLog(result.stdout);
    });

    it('exits 0 with nothing on stderr', () => {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
    });

    it('prints the tf.keras 2 verbose=2 lines, byte for byte in their shape', () => {
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines.filter((_, i) => i % 2 === 0)).toEqual(['Epoch 1/4', 'Epoch 2/4', 'Epoch 3/4', 'Epoch 4/4']);
      for (const line of lines.filter((_, i) => i % 2 === 1)) {
        expect(line).toMatch(/^25\/25 - \d+s - loss: \d\.\d{4} - accuracy: [01]\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: [01]\.\d{4} - \d+(?:ms|s)\/epoch - \d+ms\/step$/);
      }
    });

    it('has parseTrainingLog find every epoch with its steps, its real seconds and its metrics', () => {
      expect(metrics.format).toBe('keras');
      expect(metrics.warnings).toEqual([]);
      expect(metrics.epochs.map((e) => [e.epoch, e.totalEpochs, e.steps])).toEqual([
        [1, 4, 25],
        [2, 4, 25],
        [3, 4, 25],
        [4, 4, 25],
      ]);
      for (const e of metrics.epochs) {
        // 0.6 s of sleep per epoch plus the training itself, read from `NNNms/epoch` (finer than the rounded `1s`).
        expect(e.seconds).toBeGreaterThanOrEqual(0.6);
        expect(Object.keys(e.metrics).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
      }
      const total = metrics.epochs.reduce((sum, e) => sum + (e.seconds ?? 0), 0);
      expect(total).toBeLessThanOrEqual(result.ms / 1000 + 4 * 0.5);
    });

    it('learns: accuracy and val_accuracy improve, loss falls, well above chance (0.1)', () => {
      const first = metrics.epochs[0]!.metrics;
      const last = metrics.epochs[3]!.metrics;
      expect(last['accuracy']).toBeGreaterThan(first['accuracy']!);
      expect(last['val_accuracy']).toBeGreaterThan(first['val_accuracy']!);
      expect(last['loss']).toBeLessThan(first['loss']!);
      expect(metrics.final['val_accuracy']).toBeGreaterThan(0.5);
    });

    it('writes model/model.json with a weight per class and feature, and output/data/metrics.json', async () => {
      const model = JSON.parse(await readFile(join(base, 'model', 'model.json'), 'utf8'));
      expect(model.model).toBe('softmax-regression');
      expect(model.epochs).toBe(4);
      expect(model.weights).toHaveLength(10);
      expect(model.weights.every((w: number[]) => w.length === 64 && w.every(Number.isFinite))).toBe(true);
      expect(model.bias).toHaveLength(10);
      expect(model.hyperparameters).toMatchObject({ epochs: 4, 'batch-size': 32, 'learning-rate': 0.1, seed: 7 });
      const saved = JSON.parse(await readFile(join(base, 'output', 'data', 'metrics.json'), 'utf8'));
      expect(saved.epochs).toHaveLength(4);
      expect(saved.final.val_accuracy).toBeCloseTo(metrics.final['val_accuracy']!, 4);
      expect(saved.train_samples + saved.validation_samples).toBe(1000);
      expect(existsSync(join(base, 'output', 'failure'))).toBe(false);
    });
  });

  it('takes $SM_HPS (batch_size too) and the $SM_ directories over the file tree', async () => {
    const base = await baseDir(root, 'ml-env', { epochs: '9' });
    const model = join(root, 'env-model');
    const output = join(root, 'env-output');
    const result = await run([], {
      SAGEMAKER_BASE_DIR: base,
      SM_HPS: JSON.stringify({ epochs: 1, batch_size: '100', seed: '1' }),
      SM_CHANNEL_TRAINING: dataDir,
      SM_MODEL_DIR: model,
      SM_OUTPUT_DATA_DIR: output,
    });
    expect(result.code, result.stderr).toBe(0);
    // fit(epochs=1) prints no 'Epoch 1/1' header in tf.keras 2: the parser takes the bar as epoch 1 of 1.
    expect(result.stdout).not.toContain('Epoch');
    const metrics = await parseTrainingLog(result.stdout);
    expect(metrics.epochs.map((e) => [e.epoch, e.totalEpochs, e.steps])).toEqual([[1, 1, 8]]);
    expect(existsSync(join(model, 'model.json'))).toBe(true);
    expect(existsSync(join(output, 'metrics.json'))).toBe(true);
    expect(existsSync(join(base, 'model'))).toBe(false);
  });

  it('generates its data when the channel is empty and still trains', async () => {
    const base = await baseDir(root, 'ml-empty', { epochs: '2' });
    await mkdir(join(base, 'input', 'data', 'training'), { recursive: true });
    const result = await run([], { SAGEMAKER_BASE_DIR: base });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No CSV in the training channel');
    const metrics = await parseTrainingLog(result.stdout);
    expect(metrics.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(existsSync(join(base, 'model', 'model.json'))).toBe(true);
  });

  it('exits 1 and writes the reason to output/failure on a bad hyperparameter', async () => {
    const base = await baseDir(root, 'ml-bad', { epochs: 'zero', 'learning-rate': '0.1' });
    const result = await run([], { SAGEMAKER_BASE_DIR: base, SM_CHANNEL_TRAINING: dataDir });
    expect(result.code).toBe(1);
    const reason = await readFile(join(base, 'output', 'failure'), 'utf8');
    expect(reason).toBe('hyperparameter epochs must be an integer, got "zero"');
    expect(result.stderr).toContain(reason);
    expect(result.stdout).not.toContain('Epoch');
    expect(existsSync(join(base, 'model', 'model.json'))).toBe(false);
  });

  it('exits 1 with the reason on a learning rate that is not above 0', async () => {
    const base = await baseDir(root, 'ml-bad-lr', { 'learning-rate': '-0.5' });
    const result = await run([], { SAGEMAKER_BASE_DIR: base, SM_CHANNEL_TRAINING: dataDir });
    expect(result.code).toBe(1);
    expect(await readFile(join(base, 'output', 'failure'), 'utf8')).toBe('hyperparameter learning-rate must be greater than 0, got -0.5');
  });

  it('exits 143 on SIGTERM long before its 30 s epoch ends, with a note and a checkpoint', async () => {
    const base = await baseDir(root, 'ml-term', { epochs: '3', 'sleep-per-epoch': '30' });
    await mkdir(join(base, 'checkpoints'), { recursive: true });
    let sentAt = 0;
    const result = await run([], { SAGEMAKER_BASE_DIR: base, SM_CHANNEL_TRAINING: dataDir }, (text, child) => {
      if (sentAt === 0 && text.includes('Epoch 1/3\n')) {
        sentAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    const exitedAfter = result.endedAt - sentAt;
    expect(sentAt).toBeGreaterThan(0);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(143);
    // Promptly (the epoch sleeps 30 s), with room for a loaded 2-core CI machine.
    expect(exitedAfter).toBeLessThan(10_000);
    expect(result.stdout).toContain('SIGTERM: stopping in epoch 1/3 (0 finished)');
    expect(existsSync(join(base, 'checkpoints', 'checkpoint.json'))).toBe(true);
    expect(existsSync(join(base, 'model', 'model.json'))).toBe(false);
  });
});
