import type { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import type { PresetOptions } from './PresetOptions';
import { basePreset } from './basePreset';

/** Options of {@link seismicFcn}: the common ones plus the S3 location of the seismic data. */
export interface SeismicFcnOptions extends PresetOptions {
  /** S3 URI of the training data (a prefix or an object), e.g. `s3://my-bucket/seismic/`. */
  trainingData: string;
}

/**
 * The seed's FCN on seismic data. The data comes from S3 through the input channel `training`
 * in File mode: SageMaker copies it to `/opt/ml/input/data/training` before the container starts,
 * and the image expects it there. This image logs to CloudWatch (stream
 * `/aws/sagemaker/TrainingJobs/<job>/algo-1-...`), not to S3: `logSourceForJob` finds it there.
 * Defaults: ml.p3.2xlarge (one V100), one instance, 16 GB volume, File mode, MaxRuntime 3600 s.
 *
 * @example
 * ```ts
 * const job = seismicFcn({ image, role, outputPath: 's3://my-bucket/', trainingData: 's3://my-bucket/seismic/', epochs: 50 })
 *   .name('fcn-p3-gpu1-e50');
 * ```
 */
export function seismicFcn(options: SeismicFcnOptions): TrainingJobBuilder {
  if (options === null || typeof options !== 'object') throw new TypeError('seismicFcn expects an options object');
  return basePreset(options, 'ml.p3.2xlarge').channel('training', options.trainingData);
}
