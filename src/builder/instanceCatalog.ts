/**
 * The SageMaker training instance catalog: for each `ml.` instance type, its vCPUs, memory, and
 * its GPUs (count, model, memory per GPU) or other accelerators.
 *
 * Source: the AWS EC2 instance type pages (https://aws.amazon.com/ec2/instance-types/, the
 * "Accelerated Computing", "General Purpose" and "Compute Optimized" tables, and the per-family
 * pages such as https://aws.amazon.com/ec2/instance-types/p3/ and .../p5/), cross-checked against
 * the instance tables of the Amazon SageMaker pricing page (https://aws.amazon.com/sagemaker/pricing/).
 * A SageMaker `ml.X` type has the hardware of the EC2 type `X`. Compiled from those pages as known
 * to the author on 2026-11-26 (written from knowledge, not fetched by a script); only sizes that
 * appear in the SageMaker API model's TrainingInstanceType enum are listed.
 * GPU memory is per GPU, in GiB as AWS rounds it (an A100 "40 GB" is listed as 40).
 *
 * Later issues add the on-demand price per hour, per region, to each entry.
 *
 * @module
 */

/** A non-GPU accelerator, such as AWS Trainium. */
export interface AcceleratorSpec {
  /** The accelerator's name, e.g. `'AWS Trainium'`. */
  readonly model: string;
  /** How many accelerator chips (devices) the instance has. */
  readonly count: number;
  /** Accelerator memory per chip, in GiB. */
  readonly memoryGiB: number;
}

/** The hardware of one SageMaker training instance type. */
export interface InstanceSpec {
  /** The full SageMaker type, e.g. `'ml.p3.8xlarge'`. */
  readonly type: string;
  /** The family, everything between `ml.` and the size: `'p3'`, `'p3dn'`, `'g4dn'`, `'p4de'`. */
  readonly family: string;
  /** Virtual CPUs. */
  readonly vCpus: number;
  /** Instance memory, in GiB. */
  readonly memoryGiB: number;
  /** NVIDIA GPUs; 0 for CPU-only and Trainium instances. */
  readonly gpus: number;
  /** The GPU model, e.g. `'NVIDIA V100'`, when `gpus > 0`. */
  readonly gpuModel?: string;
  /** Memory per GPU, in GiB, when `gpus > 0`. */
  readonly gpuMemoryGiB?: number;
  /** A non-GPU accelerator (AWS Trainium), when the instance has one. */
  readonly accelerator?: AcceleratorSpec;
}

/** [size, vCPUs, memory GiB, GPUs or accelerator chips] */
type Row = readonly [size: string, vCpus: number, memoryGiB: number, devices: number];

interface FamilyTable {
  family: string;
  gpu?: { model: string; memoryGiB: number };
  accelerator?: { model: string; memoryGiB: number };
  rows: readonly Row[];
}

const families: readonly FamilyTable[] = [
  // P2: NVIDIA K80 (AWS counts each of a K80 board's two GK210 GPUs as one 12 GiB GPU).
  {
    family: 'p2',
    gpu: { model: 'NVIDIA K80', memoryGiB: 12 },
    rows: [
      ['xlarge', 4, 61, 1],
      ['8xlarge', 32, 488, 8],
      ['16xlarge', 64, 732, 16],
    ],
  },
  // P3: NVIDIA V100 16 GB.
  {
    family: 'p3',
    gpu: { model: 'NVIDIA V100', memoryGiB: 16 },
    rows: [
      ['2xlarge', 8, 61, 1],
      ['8xlarge', 32, 244, 4],
      ['16xlarge', 64, 488, 8],
    ],
  },
  // P3dn: NVIDIA V100 32 GB, 100 Gbps networking.
  {
    family: 'p3dn',
    gpu: { model: 'NVIDIA V100', memoryGiB: 32 },
    rows: [['24xlarge', 96, 768, 8]],
  },
  // P4d: NVIDIA A100 40 GB.
  {
    family: 'p4d',
    gpu: { model: 'NVIDIA A100', memoryGiB: 40 },
    rows: [['24xlarge', 96, 1152, 8]],
  },
  // P4de: NVIDIA A100 80 GB.
  {
    family: 'p4de',
    gpu: { model: 'NVIDIA A100', memoryGiB: 80 },
    rows: [['24xlarge', 96, 1152, 8]],
  },
  // P5: NVIDIA H100 80 GB.
  {
    family: 'p5',
    gpu: { model: 'NVIDIA H100', memoryGiB: 80 },
    rows: [
      ['4xlarge', 16, 256, 1],
      ['48xlarge', 192, 2048, 8],
    ],
  },
  // P5e and P5en: NVIDIA H200 141 GB.
  {
    family: 'p5e',
    gpu: { model: 'NVIDIA H200', memoryGiB: 141 },
    rows: [['48xlarge', 192, 2048, 8]],
  },
  {
    family: 'p5en',
    gpu: { model: 'NVIDIA H200', memoryGiB: 141 },
    rows: [['48xlarge', 192, 2048, 8]],
  },
  // G4dn: NVIDIA T4 16 GB.
  {
    family: 'g4dn',
    gpu: { model: 'NVIDIA T4', memoryGiB: 16 },
    rows: [
      ['xlarge', 4, 16, 1],
      ['2xlarge', 8, 32, 1],
      ['4xlarge', 16, 64, 1],
      ['8xlarge', 32, 128, 1],
      ['12xlarge', 48, 192, 4],
      ['16xlarge', 64, 256, 1],
    ],
  },
  // G5: NVIDIA A10G 24 GB.
  {
    family: 'g5',
    gpu: { model: 'NVIDIA A10G', memoryGiB: 24 },
    rows: [
      ['xlarge', 4, 16, 1],
      ['2xlarge', 8, 32, 1],
      ['4xlarge', 16, 64, 1],
      ['8xlarge', 32, 128, 1],
      ['12xlarge', 48, 192, 4],
      ['16xlarge', 64, 256, 1],
      ['24xlarge', 96, 384, 4],
      ['48xlarge', 192, 768, 8],
    ],
  },
  // G6: NVIDIA L4 24 GB.
  {
    family: 'g6',
    gpu: { model: 'NVIDIA L4', memoryGiB: 24 },
    rows: [
      ['xlarge', 4, 16, 1],
      ['2xlarge', 8, 32, 1],
      ['4xlarge', 16, 64, 1],
      ['8xlarge', 32, 128, 1],
      ['12xlarge', 48, 192, 4],
      ['16xlarge', 64, 256, 1],
      ['24xlarge', 96, 384, 4],
      ['48xlarge', 192, 768, 8],
    ],
  },
  // G6e: NVIDIA L40S 48 GB.
  {
    family: 'g6e',
    gpu: { model: 'NVIDIA L40S', memoryGiB: 48 },
    rows: [
      ['xlarge', 4, 32, 1],
      ['2xlarge', 8, 64, 1],
      ['4xlarge', 16, 128, 1],
      ['8xlarge', 32, 256, 1],
      ['12xlarge', 48, 384, 4],
      ['16xlarge', 64, 512, 1],
      ['24xlarge', 96, 768, 4],
      ['48xlarge', 192, 1536, 8],
    ],
  },
  // Trn1, Trn1n: AWS Trainium, 32 GiB per chip. Trn2: AWS Trainium2, 96 GiB per chip.
  {
    family: 'trn1',
    accelerator: { model: 'AWS Trainium', memoryGiB: 32 },
    rows: [
      ['2xlarge', 8, 32, 1],
      ['32xlarge', 128, 512, 16],
    ],
  },
  {
    family: 'trn1n',
    accelerator: { model: 'AWS Trainium', memoryGiB: 32 },
    rows: [['32xlarge', 128, 512, 16]],
  },
  {
    family: 'trn2',
    accelerator: { model: 'AWS Trainium2', memoryGiB: 96 },
    rows: [['48xlarge', 192, 2048, 16]],
  },
  // M5: general purpose, 4 GiB per vCPU (Intel Xeon Platinum).
  {
    family: 'm5',
    rows: [
      ['large', 2, 8, 0],
      ['xlarge', 4, 16, 0],
      ['2xlarge', 8, 32, 0],
      ['4xlarge', 16, 64, 0],
      ['12xlarge', 48, 192, 0],
      ['24xlarge', 96, 384, 0],
    ],
  },
  // C5: compute optimized, 2 GiB per vCPU.
  {
    family: 'c5',
    rows: [
      ['xlarge', 4, 8, 0],
      ['2xlarge', 8, 16, 0],
      ['4xlarge', 16, 32, 0],
      ['9xlarge', 36, 72, 0],
      ['18xlarge', 72, 144, 0],
    ],
  },
];

function buildCatalog(tables: readonly FamilyTable[]): Readonly<Record<string, InstanceSpec>> {
  const out: Record<string, InstanceSpec> = {};
  for (const table of tables) {
    for (const [size, vCpus, memoryGiB, devices] of table.rows) {
      const type = `ml.${table.family}.${size}`;
      let spec: InstanceSpec;
      if (table.gpu) {
        spec = {
          type,
          family: table.family,
          vCpus,
          memoryGiB,
          gpus: devices,
          gpuModel: table.gpu.model,
          gpuMemoryGiB: table.gpu.memoryGiB,
        };
      } else if (table.accelerator) {
        const { model, memoryGiB: chipMemoryGiB } = table.accelerator;
        const accelerator = Object.freeze({ model, count: devices, memoryGiB: chipMemoryGiB });
        spec = { type, family: table.family, vCpus, memoryGiB, gpus: 0, accelerator };
      } else {
        spec = { type, family: table.family, vCpus, memoryGiB, gpus: 0 };
      }
      out[type] = Object.freeze(spec);
    }
  }
  return Object.freeze(out);
}

/**
 * Every catalogued SageMaker training instance type, keyed by its full name (`'ml.p3.8xlarge'`).
 * Frozen, entries included. Covers the GPU families p2, p3, p3dn, p4d, p4de, p5, p5e, p5en, g4dn,
 * g5, g6, g6e, the Trainium families trn1, trn1n, trn2, and the CPU families m5 and c5.
 * Prefer {@link getInstanceSpec} for look-ups: it accepts names with or without `ml.`.
 *
 * @example
 * ```ts
 * import { instanceCatalog } from 'sagemaker-bench';
 *
 * const gpuTypes = Object.values(instanceCatalog).filter((s) => s.gpus >= 8).map((s) => s.type);
 * // ['ml.p2.8xlarge', 'ml.p2.16xlarge', 'ml.p3.16xlarge', 'ml.p3dn.24xlarge', ...]
 * ```
 */
export const instanceCatalog: Readonly<Record<string, InstanceSpec>> = buildCatalog(families);

/**
 * Looks up an instance type in the catalog. Accepts the type with or without the `ml.` prefix,
 * in any letter case, with surrounding spaces ignored. Returns `undefined` for a type the
 * catalog does not list (it may still be a valid SageMaker type: new families arrive often).
 *
 * @example
 * ```ts
 * import { getInstanceSpec } from 'sagemaker-bench';
 *
 * getInstanceSpec('ml.p3.8xlarge');
 * // { type: 'ml.p3.8xlarge', family: 'p3', vCpus: 32, memoryGiB: 244,
 * //   gpus: 4, gpuModel: 'NVIDIA V100', gpuMemoryGiB: 16 }
 * getInstanceSpec('g5.xlarge')?.gpuModel; // 'NVIDIA A10G'
 * getInstanceSpec('ml.c7i.2xlarge');      // undefined: not in the catalog
 * ```
 */
export function getInstanceSpec(type: string): InstanceSpec | undefined {
  if (typeof type !== 'string') return undefined;
  const key = normalizeInstanceType(type);
  return Object.hasOwn(instanceCatalog, key) ? instanceCatalog[key] : undefined;
}

/** `' P3.2xlarge '` -> `'ml.p3.2xlarge'`: trimmed, lower case, `ml.` prefixed. How every lookup by type reads it. Internal. */
export function normalizeInstanceType(type: string): string {
  const lower = type.trim().toLowerCase();
  return lower.startsWith('ml.') ? lower : `ml.${lower}`;
}
