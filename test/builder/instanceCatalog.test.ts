import { describe, expect, it } from 'vitest';
import { TRAINING_INSTANCE_TYPES } from '../../src/builder/generated/createTrainingJobModel';
import { getInstanceSpec, instanceCatalog } from '../../src/builder/instanceCatalog';

/** The TrainingInstanceType enum of the SageMaker API model (generated from botocore's model). */
const modelTypes: readonly string[] = TRAINING_INSTANCE_TYPES;
const entries = Object.entries(instanceCatalog);

/** Families the catalog must cover completely (issue 2, item 5, and the brief). */
const requiredFamilies = ['p2', 'p3', 'p3dn', 'p4d', 'p4de', 'p5', 'g4dn', 'g5', 'g6', 'm5', 'c5'];

describe('instanceCatalog', () => {
  it('reads a non-trivial TrainingInstanceType enum from the API model', () => {
    expect(modelTypes.length).toBeGreaterThan(50);
    expect(modelTypes).toContain('ml.p3.8xlarge');
  });

  it('lists only instance types that the API model accepts for training', () => {
    // No exception is needed today: every catalogued type is in the model's enum.
    const notInModel = entries.map(([type]) => type).filter((type) => !modelTypes.includes(type));
    expect(notInModel).toEqual([]);
  });

  it.each(requiredFamilies)('covers every %s size that SageMaker trains on', (family) => {
    const sizes = modelTypes.filter((type) => type.startsWith(`ml.${family}.`));
    expect(sizes.length).toBeGreaterThan(0);
    const missing = sizes.filter((type) => instanceCatalog[type] === undefined);
    expect(missing).toEqual([]);
  });

  it('keys every entry by its own type and derives the family from it', () => {
    for (const [key, spec] of entries) {
      expect(spec.type).toBe(key);
      expect(key).toBe(`ml.${spec.family}.${key.split('.')[2]}`);
      expect(key.split('.')).toHaveLength(3);
    }
  });

  it('has 4 vCPUs per "xlarge" unit of size in every entry (large = 2)', () => {
    for (const [type, spec] of entries) {
      const size = type.split('.')[2] ?? '';
      const units = size === 'large' ? 0.5 : size === 'xlarge' ? 1 : Number(size.replace(/xlarge$/, ''));
      expect(Number.isFinite(units), type).toBe(true);
      expect(spec.vCpus, type).toBe(units * 4);
    }
  });

  it('gives GPU model and memory exactly when an instance has GPUs', () => {
    for (const [type, spec] of entries) {
      expect(Number.isInteger(spec.gpus) && spec.gpus >= 0, type).toBe(true);
      expect(spec.memoryGiB, type).toBeGreaterThan(0);
      if (spec.gpus > 0) {
        expect(spec.gpuModel, type).toMatch(/^NVIDIA /);
        expect(spec.gpuMemoryGiB, type).toBeGreaterThan(0);
        expect(spec.accelerator, type).toBeUndefined();
      } else {
        expect(spec.gpuModel, type).toBeUndefined();
        expect(spec.gpuMemoryGiB, type).toBeUndefined();
      }
    }
  });

  it('describes Trainium instances with an accelerator and no GPUs', () => {
    expect(getInstanceSpec('ml.trn1.32xlarge')).toMatchObject({
      gpus: 0,
      accelerator: { model: 'AWS Trainium', count: 16, memoryGiB: 32 },
    });
    expect(getInstanceSpec('ml.trn1.2xlarge')?.accelerator?.count).toBe(1);
  });

  it('records the hardware AWS documents for the seed-era GPU instances', () => {
    expect(getInstanceSpec('ml.p3.8xlarge')).toEqual({
      type: 'ml.p3.8xlarge',
      family: 'p3',
      vCpus: 32,
      memoryGiB: 244,
      gpus: 4,
      gpuModel: 'NVIDIA V100',
      gpuMemoryGiB: 16,
    });
    expect(getInstanceSpec('ml.p3.2xlarge')?.gpus).toBe(1);
    expect(getInstanceSpec('ml.p3.16xlarge')?.gpus).toBe(8);
    expect(getInstanceSpec('ml.p3dn.24xlarge')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA V100', gpuMemoryGiB: 32 });
    expect(getInstanceSpec('ml.p2.xlarge')).toMatchObject({ gpus: 1, gpuModel: 'NVIDIA K80' });
    expect(getInstanceSpec('ml.p2.8xlarge')?.gpus).toBe(8);
    expect(getInstanceSpec('ml.p2.16xlarge')?.gpus).toBe(16);
    expect(getInstanceSpec('ml.p4d.24xlarge')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA A100', gpuMemoryGiB: 40 });
    expect(getInstanceSpec('ml.p4de.24xlarge')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA A100', gpuMemoryGiB: 80 });
    expect(getInstanceSpec('ml.p5.48xlarge')).toMatchObject({ gpus: 8, gpuModel: 'NVIDIA H100', gpuMemoryGiB: 80 });
  });

  it.each([
    ['g4dn', 'NVIDIA T4', 16],
    ['g5', 'NVIDIA A10G', 24],
    ['g6', 'NVIDIA L4', 24],
  ])('gives every %s size the %s with %i GiB', (family, gpuModel, gpuMemoryGiB) => {
    const specs = entries.filter(([, spec]) => spec.family === family).map(([, spec]) => spec);
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(spec).toMatchObject({ gpuModel, gpuMemoryGiB });
  });

  it('cannot be changed at run time, entries included', () => {
    expect(Object.isFrozen(instanceCatalog)).toBe(true);
    for (const [, spec] of entries) expect(Object.isFrozen(spec)).toBe(true);
    const spec = getInstanceSpec('ml.p3.8xlarge') as { gpus: number };
    expect(() => {
      spec.gpus = 99;
    }).toThrow(TypeError);
    expect(getInstanceSpec('ml.p3.8xlarge')?.gpus).toBe(4);
    expect(() => {
      (instanceCatalog as Record<string, unknown>)['ml.fake.xlarge'] = {};
    }).toThrow(TypeError);
    expect(Object.isFrozen(getInstanceSpec('ml.trn1.32xlarge')?.accelerator)).toBe(true);
  });
});

describe('getInstanceSpec', () => {
  it('finds a type with or without the ml. prefix', () => {
    const withPrefix = getInstanceSpec('ml.g5.xlarge');
    expect(withPrefix?.type).toBe('ml.g5.xlarge');
    expect(getInstanceSpec('g5.xlarge')).toBe(withPrefix);
  });

  it('ignores letter case and surrounding spaces', () => {
    expect(getInstanceSpec('  ML.P3.8XLARGE ')).toBe(instanceCatalog['ml.p3.8xlarge']);
  });

  it('returns undefined for types the catalog does not list', () => {
    expect(getInstanceSpec('ml.c7i.2xlarge')).toBeUndefined();
    expect(getInstanceSpec('p3')).toBeUndefined();
    expect(getInstanceSpec('')).toBeUndefined();
    expect(getInstanceSpec('ml.')).toBeUndefined();
  });

  it('does not mistake inherited object properties for instance types', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ml.__proto__']) {
      expect(getInstanceSpec(name)).toBeUndefined();
    }
  });

  it('returns undefined for a value that is not a string', () => {
    expect(getInstanceSpec(42 as unknown as string)).toBeUndefined();
    expect(getInstanceSpec(undefined as unknown as string)).toBeUndefined();
  });
});
