/**
 * One run of the command: its global options, its output (text, or JSON with `--json`), its
 * colours and the AWS clients the global options describe. Internal.
 */
import { resolve } from 'node:path';
import { createClients, createLocalClients } from '../../index';
import type { Clients, LocalSageMakerClientOptions } from '../../index';
import type { CliIo } from './CliIo';
import { paint } from './TerminalStream';
import type { Paint } from './TerminalStream';

/** The options every command takes, spelled as the AWS CLI spells them. */
export interface GlobalOptions {
  region?: string | undefined;
  profile?: string | undefined;
  endpointUrl?: string | undefined;
  json?: boolean | undefined;
  color?: boolean | undefined;
  debug?: boolean | undefined;
}

/** Where local-mode jobs live unless `--work-dir` says otherwise (relative to the current directory). */
export const DEFAULT_LOCAL_WORK_DIR = '.sagemaker-bench/local';

export class CliContext {
  readonly io: CliIo;
  readonly globals: GlobalOptions;
  /** Colours for stdout (`out`) and stderr (`err`): off with --no-color, NO_COLOR, TERM=dumb, --json or a pipe. */
  readonly color: { out: Paint; err: Paint };
  /** Whether colours are on, per stream. */
  readonly colorOn: { out: boolean; err: boolean };
  #clients: Clients | undefined;

  constructor(io: CliIo, globals: GlobalOptions) {
    this.io = io;
    this.globals = globals;
    const allowed = globals.color !== false && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
    this.colorOn = { out: allowed && globals.json !== true && io.stdout.isTTY === true, err: allowed && io.stderr.isTTY === true };
    this.color = { out: paint(this.colorOn.out), err: paint(this.colorOn.err) };
  }

  get json(): boolean {
    return this.globals.json === true;
  }

  /** A line of the command's result on stdout (nothing once the reader has gone). */
  out(line = ''): void {
    if (this.io.stdout.closed !== true) this.io.stdout.write(`${line}\n`);
  }

  /** Text on stdout as it is (a log's bytes). Returns false when the stream asks to wait (backpressure). */
  raw(text: string): boolean {
    if (this.io.stdout.closed === true) return true;
    return this.io.stdout.write(text) !== false;
  }

  /** A line for the person at the terminal (progress, notes, warnings): stderr, so stdout stays the result. */
  err(line = ''): void {
    this.io.stderr.write(`${line}\n`);
  }

  /** The result as JSON on stdout (`--json`): one document, nothing else there. */
  printJson(value: unknown): void {
    this.out(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2));
  }

  /** The AWS clients of `--region`, `--profile` and `--endpoint-url` (else the SDK's own AWS_* variables and config files). */
  clients(): Clients {
    if (this.#clients !== undefined) return this.#clients;
    const { region, profile, endpointUrl } = this.globals;
    const env = this.io.env;
    const options: Parameters<typeof createClients>[0] = {};
    // The AWS CLI also reads AWS_DEFAULT_REGION; the JS SDK only AWS_REGION. Honour both, as the seed's shells set either.
    const chosenRegion = region ?? (env.AWS_REGION === undefined || env.AWS_REGION === '' ? env.AWS_DEFAULT_REGION : undefined);
    if (chosenRegion !== undefined && chosenRegion !== '') options.region = chosenRegion;
    if (profile !== undefined) options.profile = profile;
    if (endpointUrl !== undefined) options.endpoint = endpointUrl;
    this.#clients = createClients(options);
    return this.#clients;
  }

  /**
   * Local-mode clients: jobs run on this machine, in `workDir` (default {@link DEFAULT_LOCAL_WORK_DIR}).
   * `file://` URIs work as they are; `s3://` ones go through the S3 client of the global options
   * (created now, contacted only if a job uses one).
   */
  localClients(options: LocalSageMakerClientOptions = {}): Clients {
    const workDir = resolve(this.io.cwd, options.workDir ?? DEFAULT_LOCAL_WORK_DIR);
    return createLocalClients({ ...options, workDir, s3: options.s3 ?? this.clients().s3 });
  }
}
