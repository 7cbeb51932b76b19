/**
 * `npm run example`: the seed's ResNet50/CIFAR job, built from the preset, validated, and printed
 * as the CreateTrainingJob request (JSON) and as the equivalent `aws sagemaker
 * create-training-job` command. Nothing is sent to AWS.
 *
 *   npm run example
 *   npm run example -- --batch-size 256 --epochs 3 --instance-type ml.g5.12xlarge --unique
 *   npm run example -- --instance-type p3.8xlarge      # invalid: prints the issues, exits 1
 *   npm run example -- --batch-size abc                # a bad flag: prints it and the usage, exits 2
 *
 * The account, role, image and bucket are placeholders (123456789012 is the AWS documentation's
 * example account): pass your own with --image, --role and --output.
 */
import { parseArgs } from 'node:util';
import { cifarResnet50, estimateTrainingCost, formatIssues, jobName } from 'sagemaker-bench';

const usage =
  'usage: npm run example -- [--image URI] [--role ARN] [--output s3://bucket/] [--batch-size N] [--epochs N]\n' +
  '                          [--instance-type ml.x] [--volume-size GB] [--max-runtime S] [--name NAME] [--unique]';

/** A mistake on the command line: what is wrong and the usage, on stderr; exit code 2, as a small CLI does. */
function usageError(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const options = {
  image: { type: 'string', default: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest' },
  role: { type: 'string', default: 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole' },
  output: { type: 'string', default: 's3://my-sagemaker-bench-bucket/' },
  'batch-size': { type: 'string', default: '512' },
  epochs: { type: 'string', default: '5' },
  'instance-type': { type: 'string', default: 'ml.p3.8xlarge' },
  'volume-size': { type: 'string', default: '16' },
  'max-runtime': { type: 'string', default: '3600' },
  name: { type: 'string' },
  unique: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

let values: ReturnType<typeof parseArgs<{ options: typeof options; strict: true }>>['values'];
try {
  ({ values } = parseArgs({ options, strict: true }));
} catch (error) {
  // An unknown flag, a flag without its value, a value that starts with '-' (write --batch-size=-5), a stray argument.
  usageError((error as Error).message);
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}

/** The value of a counting flag: a whole number of at least 1, or a usage error. */
function whole(flag: 'batch-size' | 'epochs' | 'volume-size' | 'max-runtime'): number {
  const text = values[flag];
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) usageError(`--${flag} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  return n;
}

const batchSize = whole('batch-size');
const epochs = whole('epochs');
const instanceType = values['instance-type'];

const builder = cifarResnet50({
  image: values.image,
  role: values.role,
  outputPath: values.output,
  batchSize,
  epochs,
  instanceType,
  volumeSizeInGB: whole('volume-size'),
  maxRuntimeSeconds: whole('max-runtime'),
});

let name = values.name;
if (name === undefined) {
  try {
    name = jobName({ model: 'resnet50', instanceType, batchSize, epochs, unique: values.unique });
  } catch (err) {
    console.error(`✖ ${(err as Error).message}`);
    process.exit(1);
  }
}

const result = builder.name(name).safeBuild();
if (!result.success) {
  console.error('The request is not valid; nothing would be sent:\n');
  console.error(formatIssues(result.issues));
  process.exit(1);
}
if (result.issues.length > 0) console.error(formatIssues(result.issues));

console.log('# CreateTrainingJob request (validated against the SageMaker API model)\n');
console.log(JSON.stringify(result.value, null, 2));
console.log('\n# The same job with the AWS CLI\n');
console.log(builder.name(name).toAwsCliCommand());

const cost = estimateTrainingCost(result.value);
console.log('\n# What it can cost (on-demand training price, us-east-1)\n');
if (cost.maxUsd === undefined) console.log(`worst case unknown: ${cost.reason}`);
else {
  console.log(
    `worst case $${cost.maxUsd.toFixed(2)}: ${cost.instanceCount} x ${cost.instanceType} at $${cost.usdPerHour}/h for at most ` +
      `${cost.maxBillableSeconds} s (MaxRuntimeInSeconds); storage and data transfer not counted`,
  );
}
