/**
 * The sweep of examples/sweep/digits.sweep.json as a module: the default export is the plan,
 * the named export `local` says how `--local` runs it. A module can compute what JSON cannot
 * (here, the batch sizes); a sweep file loaded with loadSweepFile, or the command line, takes
 * either form:
 *
 *   npx sagemaker-bench plan examples/sweep/digits.sweep.ts
 *   npx sagemaker-bench sweep examples/sweep/digits.sweep.ts --local --report sweep-report
 *
 * Paths in `local` are relative to this file's directory, as in the JSON form.
 */
import { defineSweep, TrainingJobBuilder } from 'sagemaker-bench';

/** How local mode runs each job: the example training script, python3 only (it makes its data in memory). */
export const local = {
  runtime: 'process' as const,
  command: ['python3', '../local/train.py'],
  stopGraceSeconds: 5,
};

export default defineSweep({
  name: 'digits',
  model: 'softmax',
  base: new TrainingJobBuilder()
    .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest')
    .role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole')
    .instance('ml.m5.large', { count: 1, volumeSizeInGB: 16 })
    .outputPath('s3://my-bucket/digits/')
    .maxRuntime(600),
  matrix: { batchSize: [16, 64, 256], epochs: [5] },
  repeats: 1,
});
