import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PATTERNS, SHAPES } from '../../src/builder/generated/createTrainingJobModel';
import { getInstanceSpec, instanceCatalog } from '../../src/builder/instanceCatalog';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { createSuffixSource, jobName, namePrefixPart } from '../../src/builder/jobName';
import type { NamedJob } from '../../src/builder/jobName';
import { cifarResnet50 } from '../../src/presets/cifarResnet50';

/** TrainingJobName's constraints as the SageMaker API model states them (generated from botocore's model). */
const shape = SHAPES['TrainingJobName'];
if (shape?.pattern === undefined || shape.min === undefined || shape.max === undefined) {
  throw new Error('the generated model lacks the TrainingJobName constraints');
}
const rule = { pattern: shape.pattern, min: shape.min, max: shape.max };
/** The model prints the pattern without anchors; SageMaker matches it against the whole name. */
const validName = new RegExp(PATTERNS[rule.pattern] ?? `^(?:${rule.pattern})$`, 'u');

function expectValid(name: string): void {
  expect(name).toMatch(validName);
  expect(name.length).toBeGreaterThanOrEqual(rule.min);
  expect(name.length).toBeLessThanOrEqual(rule.max);
  expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
  expect(name.endsWith('-')).toBe(false);
}

const SUFFIX = /-[0-9a-z]{8}$/;

describe('jobName', () => {
  it('checks names against the API model rule for TrainingJobName', () => {
    expect(rule.max).toBe(63);
    expect(validName.test('resnet50-p3-gpu4-b512-e2')).toBe(true);
    expect(validName.test('bad_name')).toBe(false);
  });

  it("reproduces the seed's convention: resnet50 on ml.p3.8xlarge, batch 512, 5 epochs", () => {
    expect(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5 })).toBe(
      'resnet50-p3-gpu4-b512-e5',
    );
  });

  it("reproduces the seed's example job name with 2 epochs", () => {
    expect(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 2 })).toBe(
      'resnet50-p3-gpu4-b512-e2',
    );
  });

  it('gives the same name with or without the ml. prefix', () => {
    const config = { model: 'resnet50', batchSize: 512, epochs: 5 };
    expect(jobName({ ...config, instanceType: 'p3.8xlarge' })).toBe(
      jobName({ ...config, instanceType: 'ml.p3.8xlarge' }),
    );
  });

  it('takes the GPU count of every catalogued GPU type from the catalog', () => {
    for (const spec of Object.values(instanceCatalog)) {
      if (spec.gpus === 0) continue;
      expect(jobName({ model: 'm', instanceType: spec.type })).toBe(`m-${spec.family}-gpu${spec.gpus}`);
    }
  });

  it('keeps multi-part family names whole (p3dn, p4de, g4dn)', () => {
    expect(jobName({ model: 'fcn', instanceType: 'ml.p3dn.24xlarge', epochs: 10 })).toBe('fcn-p3dn-gpu8-e10');
    expect(jobName({ model: 'fcn', instanceType: 'ml.p4de.24xlarge' })).toBe('fcn-p4de-gpu8');
    expect(jobName({ model: 'cnn', instanceType: 'ml.g4dn.12xlarge', batchSize: 128 })).toBe('cnn-g4dn-gpu4-b128');
  });

  it('names CPU-only types by their vCPU count', () => {
    expect(jobName({ model: 'cnn', instanceType: 'ml.m5.2xlarge', batchSize: 64 })).toBe('cnn-m5-cpu8-b64');
    expect(jobName({ model: 'cnn', instanceType: 'ml.c5.18xlarge' })).toBe('cnn-c5-cpu72');
    for (const spec of Object.values(instanceCatalog)) {
      if (spec.gpus > 0 || spec.accelerator) continue;
      expect(jobName({ model: 'm', instanceType: spec.type })).toBe(`m-${spec.family}-cpu${spec.vCpus}`);
    }
  });

  it('names Trainium types by their accelerator count', () => {
    expect(jobName({ model: 'bert', instanceType: 'ml.trn1.32xlarge' })).toBe('bert-trn1-acc16');
    expect(jobName({ model: 'bert', instanceType: 'ml.trn1n.32xlarge' })).toBe('bert-trn1n-acc16');
  });

  it('uses family and size for a type missing from the catalog', () => {
    expect(getInstanceSpec('ml.c7i.2xlarge')).toBeUndefined();
    expect(jobName({ model: 'mnist', instanceType: 'ml.c7i.2xlarge', batchSize: 64 })).toBe('mnist-c7i-2xlarge-b64');
    expect(jobName({ model: 'llm', instanceType: 'ml.p6-b200.48xlarge', epochs: 1 })).toBe('llm-p6-b200-48xlarge-e1');
  });

  it('leaves out batch size and epochs when they are not given', () => {
    expect(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge' })).toBe('resnet50-p3-gpu4');
    expect(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', epochs: 3 })).toBe('resnet50-p3-gpu4-e3');
  });

  it('turns spaces, underscores, dots and other symbols into single hyphens and lowercases', () => {
    expect(jobName({ model: '  ResNet_50 v2.1 (CIFAR)  ', instanceType: 'ml.p3.2xlarge' })).toBe(
      'resnet-50-v2-1-cifar-p3-gpu1',
    );
    expect(jobName({ model: '--a__b--', instanceType: 'ml.p3.2xlarge' })).toBe('a-b-p3-gpu1');
  });

  it('drops accents and other non-ASCII characters from the model', () => {
    expect(jobName({ model: 'Résumé-Net', instanceType: 'ml.g5.xlarge' })).toBe('resume-net-g5-gpu1');
    expect(jobName({ model: 'sísmica 🌋 fcn', instanceType: 'ml.g5.xlarge' })).toBe('sismica-fcn-g5-gpu1');
  });

  it('falls back to "job" when the model has no letter or digit', () => {
    expect(jobName({ model: '', instanceType: 'ml.p3.8xlarge', batchSize: 8 })).toBe('job-p3-gpu4-b8');
    expect(jobName({ model: '模型 ___ !!!', instanceType: 'ml.p3.8xlarge' })).toBe('job-p3-gpu4');
  });

  it('leaves out the instance part when the instance type has no letter or digit', () => {
    expect(jobName({ model: 'cnn', instanceType: '', epochs: 2 })).toBe('cnn-e2');
    expect(jobName({ model: 'cnn', instanceType: 'ml.' })).toBe('cnn');
  });

  it('shortens a long model name to fit 63 characters and keeps every config part', () => {
    const name = jobName({ model: 'a'.repeat(200), instanceType: 'ml.p4de.24xlarge', batchSize: 4096, epochs: 300 });
    expect(name).toHaveLength(63);
    expect(name.endsWith('-p4de-gpu8-b4096-e300')).toBe(true);
    expectValid(name);
  });

  it('keeps the unique suffix when it shortens the model', () => {
    const name = jobName({ model: 'x'.repeat(100), instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true });
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^x+-p3-gpu4-b512-e5-[0-9a-z]{8}$/);
  });

  it('never ends the shortened model part with a hyphen', () => {
    // 'ab-' repeated: a cut can land right after a hyphen, which must then be dropped.
    for (let pad = 0; pad < 6; pad++) {
      const name = jobName({ model: `${'c'.repeat(pad)}${'ab-'.repeat(40)}`, instanceType: 'ml.g6.xlarge', epochs: 7 });
      expectValid(name);
      expect(name).not.toMatch(/--/);
      expect(name.endsWith('-g6-gpu1-e7')).toBe(true);
    }
  });

  it('fits the largest numbers and a long unknown instance type by shortening the instance part last', () => {
    const name = jobName({
      model: 'model',
      instanceType: `ml.${'z'.repeat(80)}`,
      batchSize: Number.MAX_SAFE_INTEGER,
      epochs: Number.MAX_SAFE_INTEGER,
      unique: true,
    });
    expectValid(name);
    expect(name).toMatch(/^m[a-z]*-z+-b9007199254740991-e9007199254740991-[0-9a-z]{8}$/);
  });

  it('appends an 8-character suffix with unique: true', () => {
    const base = jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5 });
    const name = jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true });
    expect(name).toMatch(SUFFIX);
    expect(name.slice(0, -9)).toBe(base);
    expect(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', unique: false })).toBe('resnet50-p3-gpu4');
  });

  it('never repeats a unique name in 10,000 calls for the same configuration', () => {
    const names = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      names.add(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true }));
    }
    expect(names.size).toBe(10_000);
  });

  it.each([
    ['negative', -1],
    ['zero', 0],
    ['fractional', 2.5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['beyond 2^53 - 1', 2 ** 53],
  ])('rejects a %s batch size or epoch count with a RangeError', (_label, value) => {
    expect(() => jobName({ model: 'm', instanceType: 'ml.p3.2xlarge', batchSize: value })).toThrow(RangeError);
    expect(() => jobName({ model: 'm', instanceType: 'ml.p3.2xlarge', epochs: value })).toThrow(RangeError);
    expect(() => jobName({ model: 'm', instanceType: 'ml.p3.2xlarge', epochs: value })).toThrow(/epochs must be a whole number >= 1/);
  });

  it('rejects values of the wrong type with a TypeError', () => {
    const bad = (config: unknown) => () => jobName(config as Parameters<typeof jobName>[0]);
    expect(bad({ model: 'm', instanceType: 'ml.p3.2xlarge', batchSize: '512' })).toThrow(/batchSize must be a number/);
    expect(bad({ model: 'm', instanceType: 'ml.p3.2xlarge', epochs: null })).toThrow(TypeError);
    expect(bad({ model: 42, instanceType: 'ml.p3.2xlarge' })).toThrow(/model must be a string/);
    expect(bad({ model: 'm' })).toThrow(/instanceType must be a string/);
    expect(bad({ model: 'm', instanceType: 'ml.p3.2xlarge', unique: 'yes' })).toThrow(/unique must be a boolean/);
    expect(bad(undefined)).toThrow(TypeError);
  });

  describe('properties', () => {
    const count = fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: undefined });
    const catalogType = fc.constantFrom(...Object.keys(instanceCatalog));
    const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }));

    it('gives a valid name of at most 63 characters for any strings and counts', () => {
      fc.assert(
        fc.property(anyText, fc.oneof(anyText, catalogType), count, count, fc.boolean(), (model, instanceType, batchSize, epochs, unique) => {
          expectValid(jobName({ model, instanceType, batchSize, epochs, unique }));
        }),
        { numRuns: 2000 },
      );
    });

    it('ends with the batch, epoch and suffix parts whatever the model', () => {
      fc.assert(
        fc.property(anyText, catalogType, count, count, fc.boolean(), (model, instanceType, batchSize, epochs, unique) => {
          const spec = getInstanceSpec(instanceType);
          const name = jobName({ model, instanceType, batchSize, epochs, unique });
          const body = unique ? name.replace(SUFFIX, '') : name;
          if (unique) expect(name).toMatch(SUFFIX);
          const tail = [batchSize === undefined ? '' : `b${batchSize}`, epochs === undefined ? '' : `e${epochs}`]
            .filter((part) => part !== '')
            .join('-');
          expect(body.endsWith(tail === '' ? '' : `-${tail}`)).toBe(true);
          expect(body).toMatch(new RegExp(`-${spec?.family}-(gpu|acc|cpu)[0-9]+(-|$)`));
        }),
        { numRuns: 1000 },
      );
    });

    it('gives the same name for the same configuration when not unique', () => {
      fc.assert(
        fc.property(anyText, anyText, count, count, (model, instanceType, batchSize, epochs) => {
          expect(jobName({ model, instanceType, batchSize, epochs })).toBe(jobName({ model, instanceType, batchSize, epochs }));
        }),
        { numRuns: 300 },
      );
    });

    it('throws a RangeError, never a name, for any count that is not a whole number >= 1', () => {
      const badNumber = fc.oneof(
        fc.double().filter((n) => !(Number.isSafeInteger(n) && n >= 1)),
        fc.integer({ max: 0 }),
        fc.constantFrom(2 ** 53, -0, 0.5, Number.NEGATIVE_INFINITY),
      );
      fc.assert(
        fc.property(badNumber, fc.boolean(), (value, asEpochs) => {
          const config = asEpochs ? { epochs: value } : { batchSize: value };
          expect(() => jobName({ model: 'm', instanceType: 'ml.p3.2xlarge', ...config })).toThrow(RangeError);
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe('createSuffixSource (unique suffixes)', () => {
  it('never repeats within 10,000 calls made at the same instant', () => {
    const next = createSuffixSource(() => 1_764_000_000_000, () => 0.5);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(next());
    expect(seen.size).toBe(10_000);
  });

  it('does not repeat when its counter wraps around from the top', () => {
    const next = createSuffixSource(() => 0, () => 0.9999999999);
    const seen = new Set([next(), next(), next()]);
    expect(seen.size).toBe(3);
    for (const suffix of seen) expect(suffix).toMatch(/^[0-9a-z]{8}$/);
  });

  it('changes its time part as the clock moves on by a second', () => {
    let now = 1_764_000_000_000;
    const next = createSuffixSource(() => now, () => 0);
    const first = next();
    now += 1000;
    const second = next();
    expect(first.slice(0, 4)).not.toBe(second.slice(0, 4));
  });

  it('starts two processes (sources) at different counters given different random draws', () => {
    const clock = () => 1_764_000_000_000;
    expect(createSuffixSource(clock, () => 0.1)()).not.toBe(createSuffixSource(clock, () => 0.7)());
  });

  it('always gives 8 lowercase base36 characters, for any clock and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (now, r) => {
        expect(createSuffixSource(() => now, () => r)()).toMatch(/^[0-9a-z]{8}$/);
      }),
    );
  });
});

describe('jobName read off a job', () => {
  const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest';
  const role = 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole';
  const preset = (options: { batchSize?: number; epochs?: number; instanceType?: string; instanceCount?: number } = {}) =>
    cifarResnet50({ image, role, outputPath: 's3://my-bucket/', ...options });
  /** A bare request holding only what a name is read from. */
  const request = (resources: object, hyper?: Record<string, string>): NamedJob =>
    ({ ResourceConfig: resources, ...(hyper ? { HyperParameters: hyper } : {}) }) as NamedJob;

  it('reads the instance type, batch-size and epochs off a builder', () => {
    expect(jobName({ model: 'resnet50', job: preset({ batchSize: 256, epochs: 5 }) })).toBe('resnet50-p3-gpu4-b256-e5');
  });

  it('gives the same name from the builder, from its request and from the parts', () => {
    const builder = preset({ batchSize: 512, epochs: 2 });
    const fromParts = jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 2 });
    expect(jobName({ model: 'resnet50', job: builder })).toBe(fromParts);
    expect(jobName({ model: 'resnet50', job: builder.toJSON() })).toBe(fromParts);
    expect(fromParts).toBe('resnet50-p3-gpu4-b512-e2');
  });

  it('says the type the job really runs on after the instance was changed', () => {
    const onG5 = preset({ batchSize: 64 }).instance('ml.g5.2xlarge');
    expect(jobName({ model: 'cnn', job: onG5 })).toBe('cnn-g5-gpu1-b64');
    expect(jobName({ model: 'cnn', job: onG5 })).not.toContain('p3');
  });

  it('leaves out batch size and epochs when the job has no such hyperparameters', () => {
    expect(jobName({ model: 'resnet50', job: preset() })).toBe('resnet50-p3-gpu4');
  });

  it('reads batch_size, batchSize, num-epochs, num_epochs and epoch as well', () => {
    expect(jobName({ model: 'm', job: request({ InstanceType: 'ml.p3.2xlarge' }, { batch_size: '32', 'num-epochs': '3' }) })).toBe('m-p3-gpu1-b32-e3');
    expect(jobName({ model: 'm', job: request({ InstanceType: 'ml.p3.2xlarge' }, { batchSize: '16', num_epochs: '4' }) })).toBe('m-p3-gpu1-b16-e4');
    expect(jobName({ model: 'm', job: request({ InstanceType: 'ml.p3.2xlarge' }, { epoch: '7' }) })).toBe('m-p3-gpu1-e7');
  });

  it('prefers batch-size over batch_size and batchSize, and epochs over num-epochs', () => {
    const job = request({ InstanceType: 'ml.p3.2xlarge' }, { batchSize: '1', batch_size: '2', 'batch-size': '3', 'num-epochs': '8', epochs: '9' });
    expect(jobName({ model: 'm', job })).toBe('m-p3-gpu1-b3-e9');
  });

  it('adds x<count> to the device part for more than one instance, nothing for one', () => {
    expect(jobName({ model: 'resnet50', job: preset({ instanceCount: 2, batchSize: 256, epochs: 5 }) })).toBe('resnet50-p3-gpu4x2-b256-e5');
    expect(jobName({ model: 'resnet50', job: preset({ instanceCount: 1 }) })).toBe('resnet50-p3-gpu4');
    expect(jobName({ model: 'm', instanceType: 'ml.g5.xlarge', instanceCount: 8 })).toBe('m-g5-gpu1x8');
    expect(jobName({ model: 'm', instanceType: 'ml.g5.xlarge', instanceCount: 1 })).toBe('m-g5-gpu1');
  });

  it('names heterogeneous instance groups after the first group and the count of all groups', () => {
    const job = request({
      InstanceGroups: [
        { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.8xlarge', InstanceCount: 2 },
        { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.2xlarge', InstanceCount: 3 },
      ],
    });
    expect(jobName({ model: 'm', job })).toBe('m-p3-gpu4x5');
  });

  it('refuses a job without an instance type with a TypeError', () => {
    expect(() => jobName({ model: 'm', job: request({ InstanceCount: 1 }) })).toThrow(TypeError);
    expect(() => jobName({ model: 'm', job: request({ InstanceCount: 1 }) })).toThrow(/no instance type/);
    expect(() => jobName({ model: 'm', job: new TrainingJobBuilder() })).toThrow(/no instance type/);
  });

  it('refuses a job that is not an object with a TypeError', () => {
    expect(() => jobName({ model: 'm', job: null as never })).toThrow(TypeError);
    expect(() => jobName({ model: 'm', job: 'ml.p3.2xlarge' as never })).toThrow(/job must be a CreateTrainingJob request or a TrainingJobBuilder/);
  });

  it.each([['auto'], ['0'], ['1.5'], ['-3'], ['']])('refuses to name a batch-size hyperparameter of %j with a RangeError', (text) => {
    const job = request({ InstanceType: 'ml.p3.2xlarge' }, { 'batch-size': text });
    expect(() => jobName({ model: 'm', job })).toThrow(RangeError);
    expect(() => jobName({ model: 'm', job })).toThrow(/hyperparameter batch-size must be a whole number >= 1/);
  });

  it('refuses an epochs hyperparameter that is not a whole number with a RangeError', () => {
    expect(() => jobName({ model: 'm', job: request({ InstanceType: 'ml.p3.2xlarge' }, { epochs: 'ten' }) })).toThrow(/hyperparameter epochs/);
  });
});

describe('jobName prefix, repeat and variant', () => {
  const base = { model: 'resnet50', instanceType: 'ml.p3.2xlarge', batchSize: 256, epochs: 5 };

  it('puts the parts in the order prefix, model, instance, batch, epochs, variant, repeat', () => {
    expect(jobName({ ...base, prefix: 'paper', variant: 'k3f0a', repeat: 2 })).toBe('paper-resnet50-p3-gpu1-b256-e5-k3f0a-r2');
  });

  it('keeps the unique suffix after the repeat', () => {
    expect(jobName({ ...base, prefix: 'paper', repeat: 3, unique: true })).toMatch(/^paper-resnet50-p3-gpu1-b256-e5-r3-[0-9a-z]{8}$/);
  });

  it('leads with the prefix cleaned like the model', () => {
    expect(jobName({ ...base, prefix: 'Paper Run #1' })).toBe('paper-run-1-resnet50-p3-gpu1-b256-e5');
  });

  it('cuts the prefix to 24 characters without a trailing hyphen', () => {
    expect(namePrefixPart('a'.repeat(40))).toBe('a'.repeat(24));
    expect(namePrefixPart(`${'a'.repeat(23)}-bcd`)).toBe('a'.repeat(23));
    expect(jobName({ ...base, prefix: 'x'.repeat(30) }).startsWith(`${'x'.repeat(24)}-resnet50-`)).toBe(true);
  });

  it('starts every name made with a prefix with namePrefixPart of that prefix and a hyphen', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }).filter((s) => /[a-z0-9]/i.test(s)), fc.string({ maxLength: 80 }), (prefix, model) => {
        const name = jobName({ ...base, model, prefix, repeat: 1 });
        expect(name.startsWith(`${namePrefixPart(prefix)}-`)).toBe(true);
        expect(namePrefixPart(prefix).length).toBeLessThanOrEqual(24);
      }),
      { numRuns: 300 },
    );
  });

  it('shortens the model, not the prefix, the repeat or the variant, to fit 63 characters', () => {
    const name = jobName({ ...base, model: 'm'.repeat(100), prefix: 'p'.repeat(24), variant: 'abcdefgh', repeat: 12 });
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^p{24}-m+-p3-gpu1-b256-e5-abcdefgh-r12$/);
    expectValid(name);
  });

  it('lowercases the variant', () => {
    expect(jobName({ ...base, variant: 'AbC12' })).toBe('resnet50-p3-gpu1-b256-e5-abc12');
  });

  it.each([[''], ['abc-d'], ['abcdefghi'], ['ab_c'], ['é']])('refuses a variant of %j with a TypeError', (variant) => {
    expect(() => jobName({ ...base, variant })).toThrow(TypeError);
    expect(() => jobName({ ...base, variant })).toThrow(/variant must be 1-8 letters or digits/);
  });

  it('refuses a variant or a prefix that is not a string with a TypeError', () => {
    expect(() => jobName({ ...base, variant: 12 as unknown as string })).toThrow(/variant must be/);
    expect(() => jobName({ ...base, prefix: 12 as unknown as string })).toThrow(/prefix must be a string/);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses a repeat or an instance count of %d with a RangeError', (value) => {
    expect(() => jobName({ ...base, repeat: value })).toThrow(/repeat must be a whole number >= 1/);
    expect(() => jobName({ ...base, instanceCount: value })).toThrow(RangeError);
  });

  it('refuses a repeat that is not a number with a TypeError', () => {
    expect(() => jobName({ ...base, repeat: '2' as unknown as number })).toThrow(/repeat must be a number/);
  });

  it('throws a RangeError when the parts after the model leave no room in 63 characters', () => {
    expect(() =>
      jobName({ ...base, prefix: 'p'.repeat(24), batchSize: Number.MAX_SAFE_INTEGER, epochs: Number.MAX_SAFE_INTEGER, variant: 'abcdefgh', repeat: 1 }),
    ).toThrow(/leave no room/);
  });

  it('gives a valid name with every part, for any strings and realistic counts (property)', () => {
    const small = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.constantFrom(...Object.keys(instanceCatalog), 'ml.c7i.2xlarge', `ml.${'z'.repeat(40)}`),
        small,
        small,
        fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }),
        small,
        fc.boolean(),
        (model, instanceType, batchSize, epochs, instanceCount, prefix, variant, repeat, unique) => {
          const name = jobName({ model, instanceType, batchSize, epochs, instanceCount, prefix, variant, repeat, unique });
          expectValid(name);
          if (repeat !== undefined) expect(name).toMatch(new RegExp(`-r${repeat}(-[0-9a-z]{8})?$`));
          if (variant !== undefined) expect(name.split('-')).toContain(variant);
          if (batchSize !== undefined) expect(name.split('-')).toContain(`b${batchSize}`);
          if (epochs !== undefined) expect(name.split('-')).toContain(`e${epochs}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
