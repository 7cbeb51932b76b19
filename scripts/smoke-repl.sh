#!/usr/bin/env bash
# Installs the packed tarball into a new project, as a user would, and drives node's, tsx's and
# ts-node's REPLs through stdin with the sessions of docs/notebooks.md, checking what they print:
# the one-line Clients and LogSource, a builder and its validate() issues, a log's metrics table,
# top-level await, require() of the CommonJS build. Sends nothing to AWS.
#
#   bash scripts/smoke-repl.sh <tarball>
#
# typescript, ts-node, tsx and @types/node come from this repository's node_modules (linked into
# the project, as `npm install -D` would put them there). ts-node runs transpile-only (its type
# check of the AWS SDK's types takes 10 to 30 s); SMOKE_REPL_TYPECHECK=1 type-checks as well.
# Deno (`deno repl`) is driven too when `deno` is on PATH.
set -euo pipefail
tarball=$(realpath "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
project=$(mktemp -d)
repl_pid=
cleanup() {
  [ -z "$repl_pid" ] || kill "$repl_pid" 2>/dev/null || true
  rm -rf "$project"
}
trap cleanup EXIT
cd "$project"
npm init -y >/dev/null
npm install --no-audit --no-fund --offline --silent "$tarball" 2>/dev/null \
  || npm install --no-audit --no-fund --prefer-offline --silent "$tarball"
mkdir -p node_modules/.bin node_modules/@types
for pkg in typescript ts-node tsx @types/node; do
  [ -e "$repo/node_modules/$pkg" ] || { echo "smoke-repl: $pkg is not in $repo/node_modules (npm ci first)"; exit 1; }
  [ -e "node_modules/$pkg" ] || ln -s "$repo/node_modules/$pkg" "node_modules/$pkg"
done
ln -sf ../tsx/dist/cli.mjs node_modules/.bin/tsx
ln -sf ../ts-node/dist/bin.js node_modules/.bin/ts-node

# The ts-node REPL needs a tsconfig with module commonjs (docs/notebooks.md says why).
cat > tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "module": "commonjs",
    "target": "es2022",
    "strict": true,
    "skipLibCheck": true,
    "types": ["node"]
  }
}
EOF

# No REPL history written into the user's home directory.
export NODE_REPL_HISTORY='' TS_NODE_HISTORY="$project/.ts_node_repl_history" NO_COLOR=1
unset NODE_OPTIONS

# drive <name> <session file> <command...>: starts the REPL with a FIFO as its stdin, and sends
# the session one line at a time, each when the REPL shows its prompt again (a piped REPL reads
# ahead: lines sent at once would run before an `await` before them has finished). Leaves the
# REPL's output in <name>.out.
drive() {
  local name=$1 session=$2 line size=0 deadline now snapshot
  shift 2
  local fifo="$project/$name.in" out="$project/$name.out"
  mkfifo "$fifo"
  : > "$out"
  "$@" < "$fifo" > "$out" 2>&1 &
  repl_pid=$!
  exec 3> "$fifo"
  prompt() {
    deadline=$((SECONDS + 60))
    while :; do
      # One read of the output for both its length and its end: measured apart, a prompt written
      # in between would be counted as the answer to the next line.
      snapshot=$(cat "$out"; printf x)
      now=${#snapshot}
      if [ "$now" -gt "$size" ] && [ "${snapshot: -3:2}" = "> " ]; then size=$now; return 0; fi
      kill -0 "$repl_pid" 2>/dev/null || { echo "smoke-repl: $name ended before its session did:"; cat "$out"; return 1; }
      [ "$SECONDS" -lt "$deadline" ] || { echo "smoke-repl: $name showed no prompt within 60 s after:"; cat "$out"; return 1; }
      sleep 0.05
    done
  }
  prompt
  while IFS= read -r line; do
    printf '%s\n' "$line" >&3
    prompt
  done < "$session"
  printf '.exit\n' >&3
  exec 3>&-
  wait "$repl_pid" || { echo "smoke-repl: $name exited with status $?"; cat "$out"; return 1; }
  repl_pid=
}

# expect <name> <text>...: each text must be a line (or the start of one) of <name>'s output.
expect() {
  local name=$1 out="$project/$1.out"
  shift
  for text in "$@"; do
    grep -qF -- "$text" "$out" || { echo "smoke-repl: $name did not print: $text"; echo "--- it printed:"; cat "$out"; exit 1; }
  done
  if grep -qE 'Uncaught|error TS[0-9]+' "$out"; then echo "smoke-repl: $name failed on a line:"; cat "$out"; exit 1; fi
}

# The lines every session prints (docs/notebooks.md, "What prints").
common=(
  'Clients(region us-east-1) { sagemaker, s3, logs }'
  "Clients(local, runtime process, command python3 train.py, work dir $project/local-jobs) { sagemaker: LocalSageMakerClient, s3, logs }"
  'TrainingJobBuilder mnist-repl-1'
  '  valid:      yes'
  'RoleArn is required'
  'OutputDataConfig is required'
  'S3TextLogSource(s3://my-bucket/mnist-repl-1/)'
  'CloudWatchLogSource(/aws/sagemaker/TrainingJobs, mnist-repl-1/*)'
  'TrainingMetrics: keras, 2 epochs, 5s of training'
  '  epoch  seconds  steps  loss  accuracy'
  '      2    2.000      5   0.4       0.8'
)

# Node's REPL and tsx's: JavaScript lines (tsx's also takes TypeScript), `await import(...)`.
cat > node.session <<EOF
const sb = await import('sagemaker-bench')
const clients = sb.createClients({ region: 'us-east-1' })
clients
sb.createLocalClients({ runtime: 'process', command: ['python3', 'train.py'], workDir: '$project/local-jobs' })
const job = sb.mnistCnn({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:latest', role: 'arn:aws:iam::123456789012:role/SageMakerRole', outputPath: 's3://my-bucket/', epochs: 2 }).name('mnist-repl-1')
job
new sb.TrainingJobBuilder().name('mnist-repl-2').image('123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:latest').validate()
new sb.S3TextLogSource({ client: clients.s3, uri: 's3://my-bucket/mnist-repl-1/' })
new sb.CloudWatchLogSource({ client: clients.logs, jobName: 'mnist-repl-1' })
const metrics = await sb.parseTrainingLog(['Epoch 1/2', '5/5 - 3s - loss: 0.9000 - accuracy: 0.5000', 'Epoch 2/2', '5/5 - 2s - loss: 0.4000 - accuracy: 0.8000'])
metrics
EOF
{ cat node.session; echo "require('sagemaker-bench').jobName({ model: 'cnn', instanceType: 'ml.p3.2xlarge', batchSize: 64, epochs: 5 })"; } > node-cjs.session
{ cat node.session; echo "const epochs: number = metrics.epochs.length"; echo "epochs"; } > tsx.session

# ts-node's: TypeScript, static imports (compiled to require), type-checked on request.
cat > ts-node.session <<EOF
import { CloudWatchLogSource, createClients, createLocalClients, mnistCnn, parseTrainingLog, S3TextLogSource, TrainingJobBuilder } from 'sagemaker-bench'
const clients = createClients({ region: 'us-east-1' })
clients
createLocalClients({ runtime: 'process', command: ['python3', 'train.py'], workDir: '$project/local-jobs' })
const job = mnistCnn({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:latest', role: 'arn:aws:iam::123456789012:role/SageMakerRole', outputPath: 's3://my-bucket/', epochs: 2 }).name('mnist-repl-1')
job
new TrainingJobBuilder().name('mnist-repl-2').image('123456789012.dkr.ecr.us-east-1.amazonaws.com/mnist:latest').validate()
new S3TextLogSource({ client: clients.s3, uri: 's3://my-bucket/mnist-repl-1/' })
new CloudWatchLogSource({ client: clients.logs, jobName: 'mnist-repl-1' })
const metrics = await parseTrainingLog(['Epoch 1/2', '5/5 - 3s - loss: 0.9000 - accuracy: 0.5000', 'Epoch 2/2', '5/5 - 2s - loss: 0.4000 - accuracy: 0.8000'])
metrics
const epochs: number = metrics.epochs.length
epochs
EOF

node_version=$(node --version)
drive node node-cjs.session node -i
expect node "${common[@]}" "'cnn-p3-gpu1-b64-e5'"
echo "node $node_version REPL: ok"

drive tsx tsx.session node_modules/.bin/tsx -i
expect tsx "${common[@]}" '> 2'
echo "tsx REPL (node $node_version): ok"

if [ "${SMOKE_REPL_TYPECHECK:-}" = 1 ]; then ts_node_mode=type-checked; else ts_node_mode=transpile-only; export TS_NODE_TRANSPILE_ONLY=true; fi
drive ts-node ts-node.session node_modules/.bin/ts-node -i
expect ts-node "${common[@]}" '> 2'
echo "ts-node REPL ($ts_node_mode, node $node_version): ok"

if command -v deno >/dev/null 2>&1; then
  # Deno reads the project's node_modules (package.json is there); its REPL takes node's session,
  # piped (a piped deno repl shows no prompt, and runs each line to its end before the next).
  { cat node.session; echo 'close()'; } | DENO_NO_UPDATE_CHECK=1 timeout 60 deno repl --allow-all > deno.out 2>&1 \
    || { echo "smoke-repl: deno repl failed:"; cat deno.out; exit 1; }
  expect deno "${common[@]}"
  echo "deno repl ($(deno --version | head -1)): ok"
else
  echo "deno repl: skipped (no deno on PATH)"
fi
