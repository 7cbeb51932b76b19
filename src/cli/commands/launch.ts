/**
 * `sagemaker-bench launch`: one training job from a preset (with its options as flags) or a
 * request file, validated and priced before it is sent. `--dry-run` prints the equivalent
 * `aws sagemaker create-training-job` command instead; `--wait` follows it to its end (Ctrl-C
 * stops it: this command started it), `--logs` prints its log meanwhile.
 */
import { readFile } from 'node:fs/promises';
import { cifarResnet50, estimateTrainingCost, jobName, JobNotStoppedError, mnistCnn, seismicFcn, stopTrainingJob, TrainingJobBuilder, validateCreateTrainingJob, ValidationError } from '../../index';
import { regionOf } from '../internal/regionOf';
import { resolve } from 'node:path';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { Option } from '@commander-js/extra-typings';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import { DEFAULT_CONFIRM_ABOVE_USD, approveSpend } from '../internal/approveSpend';
import type { CliContext } from '../internal/CliContext';
import { dollars, wholeNumber, words } from '../internal/flagParsers';
import { exitFor, UsageError } from '../internal/reportError';
import { followJob } from './wait';
import { printLog, sourceFor } from './logs';

/** The presets by their CLI names (kebab-case and the function names both work), with the model of their job names. */
const PRESETS = {
  'mnist-cnn': { model: 'cnn', make: mnistCnn },
  'cifar-resnet50': { model: 'resnet50', make: cifarResnet50 },
  'seismic-fcn': { model: 'fcn', make: seismicFcn },
} as const;
const PRESET_ALIASES: Record<string, keyof typeof PRESETS> = { mnistCnn: 'mnist-cnn', cifarResnet50: 'cifar-resnet50', seismicFcn: 'seismic-fcn' };

interface LaunchFlags {
  preset?: string | undefined;
  image?: string | undefined;
  role?: string | undefined;
  outputPath?: string | undefined;
  trainingData?: string | undefined;
  instanceType?: string | undefined;
  instanceCount?: number | undefined;
  volumeSize?: number | undefined;
  batchSize?: number | undefined;
  epochs?: number | undefined;
  maxRuntime?: number | undefined;
  name?: string | undefined;
  model?: string | undefined;
}

/** The hyperparameter names jobName and defineSweep read as the batch size and the epochs (the first is written when none is set). */
const BATCH_SIZE_KEYS = ['batch-size', 'batch_size', 'batchSize'] as const;
const EPOCHS_KEYS = ['epochs', 'num-epochs', 'num_epochs', 'epoch'] as const;

/** A hyperparameter count (batch size, epochs) set under the key the job already uses for it. */
function withCount(builder: TrainingJobBuilder, keys: readonly string[], value: number | undefined): TrainingJobBuilder {
  if (value === undefined) return builder;
  const hyper = builder.toJSON().HyperParameters ?? {};
  const key = keys.find((k) => k in hyper) ?? keys[0]!;
  return builder.hyperParameters({ [key]: value });
}

/** The job the flags (and the request file, if any) describe. */
async function jobOf(ctx: CliContext, file: string | undefined, flags: LaunchFlags): Promise<{ builder: TrainingJobBuilder; model: string }> {
  let builder: TrainingJobBuilder;
  let model = flags.model;
  if (file !== undefined) {
    if (flags.preset !== undefined) throw new UsageError('give a request file or --preset, not both', 'launch');
    let request: CreateTrainingJobCommandInput;
    try {
      request = JSON.parse(await readFile(resolve(ctx.io.cwd, file), 'utf8')) as CreateTrainingJobCommandInput;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `no such request file: ${file}` : `${file} is not a JSON CreateTrainingJob request: ${(error as Error).message}`, 'launch');
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) throw new UsageError(`${file} must hold a JSON object (a CreateTrainingJob request)`, 'launch');
    builder = TrainingJobBuilder.from(request);
    if (flags.instanceType !== undefined || flags.instanceCount !== undefined || flags.volumeSize !== undefined) {
      const current = builder.toJSON().ResourceConfig;
      builder = builder.instance(flags.instanceType ?? current?.InstanceType ?? '', {
        ...(flags.instanceCount === undefined ? {} : { count: flags.instanceCount }),
        ...(flags.volumeSize === undefined ? {} : { volumeSizeInGB: flags.volumeSize }),
      });
    }
  } else {
    if (flags.preset === undefined) throw new UsageError('give a request file (launch request.json) or a preset (--preset cifar-resnet50 --image ... --role ... --output-path ...)', 'launch');
    const presetName = PRESET_ALIASES[flags.preset] ?? flags.preset;
    const preset = PRESETS[presetName as keyof typeof PRESETS];
    if (preset === undefined) throw new UsageError(`unknown preset ${JSON.stringify(flags.preset)} (presets: ${Object.keys(PRESETS).join(', ')})`, 'launch');
    const missing = (['image', 'role', 'outputPath'] as const).filter((key) => flags[key] === undefined);
    if (presetName === 'seismic-fcn' && flags.trainingData === undefined) missing.push('trainingData' as never);
    if (missing.length > 0) {
      const spelled = missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      throw new UsageError(`--preset ${presetName} needs ${spelled.join(', ')}`, 'launch');
    }
    const options = {
      image: flags.image!,
      role: flags.role!,
      outputPath: flags.outputPath!,
      ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
      ...(flags.epochs === undefined ? {} : { epochs: flags.epochs }),
      ...(flags.instanceType === undefined ? {} : { instanceType: flags.instanceType }),
      ...(flags.instanceCount === undefined ? {} : { instanceCount: flags.instanceCount }),
      ...(flags.volumeSize === undefined ? {} : { volumeSizeInGB: flags.volumeSize }),
    };
    builder = presetName === 'seismic-fcn' ? seismicFcn({ ...options, trainingData: flags.trainingData! }) : preset.make(options as never);
    model ??= preset.model;
  }
  if (file !== undefined) {
    builder = withCount(builder, BATCH_SIZE_KEYS, flags.batchSize);
    builder = withCount(builder, EPOCHS_KEYS, flags.epochs);
  }
  if (flags.maxRuntime !== undefined) builder = builder.maxRuntime(flags.maxRuntime);
  if (flags.name !== undefined) builder = builder.name(flags.name);
  else if (file === undefined || builder.toJSON().TrainingJobName === undefined || flags.instanceType !== undefined || flags.batchSize !== undefined || flags.epochs !== undefined) {
    builder = builder.name(jobName({ model: model ?? 'job', job: builder, unique: true }));
  }
  return { builder, model: model ?? 'job' };
}

export function registerLaunch(program: Command, run: Runner): void {
  const command = program
    .command('launch')
    .argument('[request-file]', 'a JSON CreateTrainingJob request (as aws sagemaker create-training-job --cli-input-json takes)')
    .description('launch one training job from a preset or a request file, validated and priced first')
    .addOption(new Option('--preset <name>', 'a preset').choices(['mnist-cnn', 'cifar-resnet50', 'seismic-fcn', 'mnistCnn', 'cifarResnet50', 'seismicFcn'] as const))
    .option('--image <uri>', "the training container's image URI (ECR)")
    .option('--role <arn>', 'the execution role SageMaker assumes')
    .option('--output-path <s3-uri>', 'where the model goes (s3://bucket/prefix/)')
    .option('--training-data <s3-uri>', 'the training channel (seismic-fcn)')
    .option('--instance-type <type>', 'e.g. ml.p3.8xlarge')
    .option('--instance-count <n>', 'instances', wholeNumber(1))
    .option('--volume-size <gb>', 'EBS volume per instance, GB', wholeNumber(1))
    .option('--batch-size <n>', 'the batch-size hyperparameter', wholeNumber(1))
    .option('--epochs <n>', 'the epochs hyperparameter', wholeNumber(1))
    .option('--max-runtime <seconds>', 'MaxRuntimeInSeconds: SageMaker stops the job after this', wholeNumber(1))
    .option('--name <job>', 'the job name (default: model-family-devices-batch-epochs-unique, e.g. resnet50-p3-gpu4-b512-e5-k3x9)')
    .option('--model <model>', 'the model part of the default job name (default: the preset\'s)')
    .option('--dry-run', 'print the equivalent aws sagemaker create-training-job command; send nothing')
    .option('--wait', 'follow the job to its end (exit 0 Completed, 1 Failed, 2 Stopped); Ctrl-C stops it')
    .option('--logs', 'print its log while waiting (implies --wait)')
    .option('-y, --yes', 'do not ask before spending more than --confirm-above')
    .option('--confirm-above <usd>', `ask first when the worst case is over this (default ${DEFAULT_CONFIRM_ABOVE_USD})`, dollars)
    .option('--local', 'run it on this machine, in local mode (free; implies --wait)')
    .option('--command <cmd>', 'local mode: what runs for the image, e.g. "python3 train.py" (default: docker run of the image)', words)
    .option('--work-dir <dir>', 'local mode: the folder of local jobs')
    .addHelpText(
      'after',
      `
Examples:
  $ sagemaker-bench launch --preset cifar-resnet50 --image <account>.dkr.ecr.<region>.amazonaws.com/resnet50:latest \\
      --role arn:aws:iam::<account>:role/<role> --output-path s3://<bucket>/ \\
      --instance-type ml.p3.8xlarge --batch-size 512 --epochs 5 --dry-run
  $ sagemaker-bench launch request.json --instance-type ml.g5.2xlarge --wait --logs
  $ sagemaker-bench launch request.json --local --command "python3 train.py"
`,
    );
  command.action(async (file, flags) =>
    run(command, async (ctx) => {
      const { builder } = await jobOf(ctx, file, flags);
      const local = flags.local === true;
      // In local mode, file:// URIs are valid where S3 ones are (createLocalClients reads and writes them).
      const issues = validateCreateTrainingJob(builder.toJSON(), { allowFileUris: local });
      if (issues.some((issue) => issue.severity === 'error')) throw new ValidationError(issues);
      const request = builder.toJSON();
      for (const issue of issues) ctx.err(ctx.color.err.yellow(`warning: ${issue.message} (at ${issue.path.join('.')})`));
      if (flags.dryRun === true) {
        if (ctx.json) ctx.printJson({ request, command: builder.toAwsCliCommand() });
        else ctx.out(builder.toAwsCliCommand());
        return 0;
      }
      const clients = local ? ctx.localClients({ ...(flags.workDir === undefined ? {} : { workDir: flags.workDir }), ...(flags.command === undefined ? {} : { runtime: 'process' as const, command: flags.command }) }) : ctx.clients();
      const name = request.TrainingJobName!;
      if (!local) {
        // Priced in the region the job goes to (the clients'), not a default.
        const region = await regionOf(clients.sagemaker);
        const cost = estimateTrainingCost(request, { region });
        const go = await approveSpend(ctx, { what: `1 job (${name}, ${cost.instanceType} x ${cost.instanceCount}, ${region})`, maxUsd: cost.maxUsd, yes: flags.yes === true, confirmAboveUsd: flags.confirmAbove ?? DEFAULT_CONFIRM_ABOVE_USD });
        if (!go) return 1;
      }
      const waiting = local || flags.wait === true || flags.logs === true;
      // A Ctrl-C while the job is being created stops it once it exists: never a job left behind
      // because the signal came a moment too early.
      let interrupted: 'SIGINT' | 'SIGTERM' | undefined;
      const unsubscribe = ctx.io.onInterrupt((signal) => {
        if (interrupted === undefined) ctx.err(`\n${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'}: ${name} is being created; it is stopped as soon as it exists...`);
        interrupted ??= signal;
      });
      let launched: string;
      try {
        launched = await launchAndReport(ctx, clients, builder, !waiting);
      } finally {
        unsubscribe();
      }
      if (interrupted !== undefined) {
        await stopTrainingJob(clients.sagemaker, launched); // JobNotStoppedError says when it could not
        ctx.err(`${launched}: stop requested (Stopping, then Stopped).`);
        return exitFor(interrupted);
      }
      if (!waiting) return 0;
      if (local && flags.wait !== true && flags.logs !== true) ctx.err('Local mode: the job runs in this process, so the command waits for it (Ctrl-C stops it).');
      const follow = async (): Promise<number> => {
        try {
          return await followJob(ctx, clients, launched, { stopOnExit: true, pollSeconds: local ? 1 : undefined });
        } catch (error) {
          if (!(error instanceof JobNotStoppedError)) await stopAfterFailedWatch(ctx, clients, launched, error);
          throw error;
        }
      };
      if (flags.logs !== true) return follow();
      const logs = new AbortController();
      const printing = (async () => {
        const source = await sourceFor(ctx, clients, launched, undefined, true, logs.signal);
        await printLog(ctx, source, { follow: true, host: false, signal: logs.signal, toStderr: ctx.json });
      })().catch((error: unknown) => {
        if (!logs.signal.aborted) ctx.err(ctx.color.err.yellow(`warning: the log could not be printed: ${(error as Error).message}`));
      });
      try {
        return await follow();
      } finally {
        // The log's own follow ends once the job has ended; give it a moment to drain, then let go.
        const drained = await Promise.race([printing.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref())]);
        if (!drained) logs.abort();
        await printing;
      }
    }),
  );
}

/**
 * The watch of a job this command started failed (credentials expired, the network went, the
 * service kept failing): the job is stopped rather than left to bill unwatched, and the user
 * told either way.
 */
async function stopAfterFailedWatch(ctx: CliContext, clients: { sagemaker: Parameters<typeof stopTrainingJob>[0] }, job: string, error: unknown): Promise<void> {
  ctx.err(`Watching ${job} failed (${error instanceof Error ? error.message : String(error)}): stopping it, since this command started it...`);
  try {
    await stopTrainingJob(clients.sagemaker, job);
    ctx.err(`${job}: stop requested (Stopping, then Stopped).`);
  } catch (stopError) {
    ctx.err(`${job} may still be running: ${stopError instanceof Error ? stopError.message : String(stopError)} 'sagemaker-bench stop ${job}' or 'aws sagemaker stop-training-job --training-job-name ${job}' stops it.`);
  }
}

/** Launches and says so; resolves with the job name. */
async function launchAndReport(ctx: CliContext, clients: { sagemaker: Parameters<TrainingJobBuilder['launch']>[0] }, builder: TrainingJobBuilder, json: boolean): Promise<string> {
  const { jobName: name, arn } = await builder.launch(clients.sagemaker);
  if (ctx.json) {
    if (json) ctx.printJson({ jobName: name, arn }); // with --wait, the one JSON document is the summary at the end
  }
  else ctx.out(name);
  ctx.err(`launched ${arn}`);
  return name;
}
