#!/usr/bin/env node
/**
 * The `sagemaker-bench` executable: runs {@link runCli} with this process's streams, and ends
 * with its exit code. A reader that goes away (`| head`) ends the command quietly; Ctrl-C is
 * the command's to handle (it stops what it started), so it is not fatal here.
 */
import { runCli } from './main';
import { nodeIo } from './internal/nodeIo';

// The AWS SDK warns on every process under Node 20 that its releases after January 2027 need
// Node 22: a command run many times a day would print it every time. The user's own setting wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { io, dispose } = nodeIo();
runCli(process.argv.slice(2), io)
  .then((code) => {
    dispose();
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    dispose();
    const debug = process.argv.includes('--debug');
    const text = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
    process.stderr.write(`sagemaker-bench: unexpected error: ${text}${debug ? '' : ' (--debug shows the stack trace)'}\n`);
    process.exitCode = 1;
  });
