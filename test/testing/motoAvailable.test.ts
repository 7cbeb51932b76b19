import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MotoNotAvailableError, SageMakerBenchError } from '../../src/errors';
import { motoAvailable } from '../../src/testing/motoAvailable';
import { startMoto } from '../../src/testing/startMoto';

/** A real Python 3 that cannot see its site-packages (`-S`), so it has no moto. */
const dir = mkdtempSync(join(tmpdir(), 'sb-no-moto-'));
const pythonWithoutMoto = join(dir, 'python-without-moto');
writeFileSync(pythonWithoutMoto, '#!/bin/sh\nexec python3 -S "$@"\n');
chmodSync(pythonWithoutMoto, 0o755);
const saved = process.env.SAGEMAKER_BENCH_PYTHON;

afterEach(() => {
  if (saved === undefined) delete process.env.SAGEMAKER_BENCH_PYTHON;
  else process.env.SAGEMAKER_BENCH_PYTHON = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('motoAvailable', () => {
  it('says that a Python without moto lacks it and names pip install "moto[server]"', () => {
    const answer = motoAvailable({ python: pythonWithoutMoto });

    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.reason).toContain("No module named 'moto'");
    expect(answer.ok ? '' : answer.reason).toContain('pip install "moto[server]"');
  });

  it('uses the interpreter SAGEMAKER_BENCH_PYTHON names when no python option is given', () => {
    process.env.SAGEMAKER_BENCH_PYTHON = pythonWithoutMoto;

    const answer = motoAvailable();

    expect(answer).toEqual(motoAvailable({ python: pythonWithoutMoto }));
    expect(answer.ok ? '' : answer.reason).toContain(pythonWithoutMoto);
  });

  it('explains that an interpreter that cannot be run needs Python 3 and moto', () => {
    const answer = motoAvailable({ python: join(dir, 'no-such-python') });

    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.reason).toMatch(/no-such-python could not be run .*install Python 3 and `pip install "moto\[server\]"`/);
  });

  it('checks each interpreter once and then answers from its cache', () => {
    const first = motoAvailable({ python: pythonWithoutMoto });
    const started = performance.now();

    expect(motoAvailable({ python: pythonWithoutMoto })).toBe(first);
    expect(performance.now() - started).toBeLessThan(5);
  });

  it('refuses an empty python option', () => {
    expect(() => motoAvailable({ python: '' })).toThrow(TypeError);
  });
});

describe('startMoto without moto', () => {
  it('throws MotoNotAvailableError with the interpreter and the reason, before starting anything', async () => {
    const error = await startMoto({ python: pythonWithoutMoto }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MotoNotAvailableError);
    expect(error).toBeInstanceOf(SageMakerBenchError);
    expect(error).toMatchObject({ name: 'MotoNotAvailableError', python: pythonWithoutMoto });
    expect((error as MotoNotAvailableError).reason).toContain('pip install "moto[server]"');
    expect((error as Error).message).toBe(`moto is not available: ${(error as MotoNotAvailableError).reason}`);
  });
});
