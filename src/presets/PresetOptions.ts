/**
 * What every preset needs, and the knobs the seed's experiments varied. The counts (`batchSize`,
 * `epochs`, `instanceCount`, `volumeSizeInGB`, `maxRuntimeSeconds`) are whole numbers >= 1: any
 * other value is a validation error of the preset's builder (`validate()`, `safeBuild()`,
 * `build()`), at the request member it goes to.
 */
export interface PresetOptions {
  /** The training image in ECR, e.g. `<account>.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest`. */
  image: string;
  /** The IAM execution role ARN. */
  role: string;
  /** Where SageMaker writes the output (and the seed's images their .txt log), e.g. `s3://my-bucket/`. */
  outputPath: string;
  /** Hyperparameter `batch-size`. */
  batchSize?: number;
  /** Hyperparameter `epochs`. */
  epochs?: number;
  /** The job name; leave it out and call `.name(jobName({ ... }))` on the builder. */
  name?: string;
  /** Instance type; each preset has its own default. */
  instanceType?: string;
  /** Number of instances; default 1. */
  instanceCount?: number;
  /** ML storage volume in GB; default 16 (the seed used 16 to 32: enough for the image). */
  volumeSizeInGB?: number;
  /** Stop after this many seconds; default 3600, the seed's guard against jobs that never stop. */
  maxRuntimeSeconds?: number;
}
