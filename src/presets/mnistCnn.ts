import type { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import type { PresetOptions } from './PresetOptions';
import { basePreset } from './basePreset';

/**
 * The seed's CNN on MNIST. The container downloads MNIST itself (no input channel) and writes
 * its training log as a `.txt` file under `<outputPath>/<job name>/` in S3, so read the log with
 * `logSourceForJob(clients, jobName)` (it finds the S3 text log). Defaults: ml.p3.2xlarge (one
 * V100), one instance, 16 GB volume, File mode, MaxRuntime 3600 s. Hyperparameters `batch-size`
 * and `epochs` when given.
 *
 * @example
 * ```ts
 * const job = mnistCnn({ image, role, outputPath: 's3://my-bucket/', batchSize: 128, epochs: 10 })
 *   .name(jobName({ model: 'cnn', instanceType: 'ml.p3.2xlarge', batchSize: 128, epochs: 10, unique: true }));
 * ```
 */
export function mnistCnn(options: PresetOptions): TrainingJobBuilder {
  return basePreset(options, 'ml.p3.2xlarge');
}
