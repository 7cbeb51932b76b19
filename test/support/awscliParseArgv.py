"""Turn argv vectors into the request the AWS CLI v1 would send, using the CLI's own code.

Reads JSON lines on stdin, each a list of strings: the arguments after `aws`
(e.g. ["sagemaker", "create-training-job", "--training-job-name", "x", ...]).
Writes one JSON line per input line on stdout:
  {"ok": true, "params": {...}}            the call parameters the CLI built
  {"ok": false, "rc": N, "stderr": "..."}  the CLI refused the arguments

It runs the real awscli CLIDriver (argparse, paramfile handling, the shorthand parser, the
BackCompatVisitor, --cli-input-json merging, boolean --x/--no-x flags), and stops at the
`calling-command` event, after every argument has been turned into the parameter dict and just
before a client is created: no network, no credentials needed. One driver serves every line,
so a whole batch costs one Python start-up.

Used by test/builder/toAwsCliCommand.test.ts.
"""
import contextlib
import io
import json
import sys

from awscli.clidriver import create_clidriver

captured = []


def capture(call_parameters, **kwargs):
    captured.append(json.loads(json.dumps(call_parameters)))
    return 0  # a return code: the driver stops here and calls nothing


def main():
    driver = create_clidriver()
    # main() emits session-initialized on every call, and its handlers register (again) things
    # like the file:// / https:// parameter loader. A fresh `aws` process emits it once: so do we,
    # or the handlers pile up and each call gets slower.
    emit_session_event = driver._emit_session_event
    emitted = []

    def emit_once(parsed_args):
        if not emitted:
            emitted.append(True)
            emit_session_event(parsed_args)

    driver._emit_session_event = emit_once
    # register_last: runs after --cli-input-json has merged its members into call_parameters.
    driver.session.get_component('event_emitter').register_last('calling-command.sagemaker.create-training-job', capture)
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        argv = json.loads(line)
        captured.clear()
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                rc = driver.main(argv)
            except SystemExit as e:  # argparse errors exit
                rc = e.code if isinstance(e.code, int) else 2
        if rc == 0 and len(captured) == 1:
            out.write(json.dumps({'ok': True, 'params': captured[0]}) + '\n')
        else:
            out.write(json.dumps({'ok': False, 'rc': rc, 'stderr': err.getvalue()}) + '\n')
        out.flush()


if __name__ == '__main__':
    main()
