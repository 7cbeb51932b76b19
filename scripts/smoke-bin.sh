#!/usr/bin/env bash
# Installs the packed tarball into a new project, as a user would, and runs its bin through npx:
# --version, and `plan` of the example sweep file (validates it and prints the table; sends nothing).
set -euo pipefail
tarball=$(realpath "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
cd "$project"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --silent "$tarball"
version=$(npx --no-install sagemaker-bench --version)
expected=$(node -p "require('$repo/package.json').version")
[ "$version" = "$expected" ] || { echo "npx sagemaker-bench --version printed '$version', not $expected"; exit 1; }
plan=$(npx --no-install sagemaker-bench plan "$repo/examples/sweep/digits.sweep.json")
printf '%s\n' "$plan"
printf '%s\n' "$plan" | grep -q '^3 jobs, worst case \$' || { echo "plan printed no total line"; exit 1; }
# A TypeScript sweep file in the user's project, importing the package by its name. `npm init`
# made a CommonJS project: as .mts, Node (22.18 and later) strips its types itself; as .ts, it
# is CommonJS to Node, and without jiti installed the command says to install it.
cp "$repo/examples/sweep/digits.sweep.ts" "$project/digits.sweep.mts"
ts_plan=$(npx --no-install sagemaker-bench plan digits.sweep.mts 2>/dev/null)
[ "$(printf '%s\n' "$ts_plan" | tail -1)" = "$(printf '%s\n' "$plan" | tail -1)" ] \
  || { echo "plan of digits.sweep.mts differs from the JSON example's:"; printf '%s\n' "$ts_plan"; exit 1; }
cp "$repo/examples/sweep/digits.sweep.ts" "$project/digits.sweep.ts"
set +e; ts_error=$(npx --no-install sagemaker-bench plan digits.sweep.ts 2>&1); status=$?; set -e
[ "$status" = 1 ] && printf '%s\n' "$ts_error" | grep -q 'npm install jiti' \
  || { echo "plan of a .ts sweep file in a CommonJS project without jiti (exit $status):"; printf '%s\n' "$ts_error"; exit 1; }
# Both module systems, and the testing subpath, by name: one copy of each class (an error the
# testing helpers throw is an instance of the library's own classes).
node -e "const sb = require('sagemaker-bench'), t = require('sagemaker-bench/testing'); if (typeof sb.TrainingJobBuilder !== 'function' || t.MotoServerError !== sb.MotoServerError) process.exit(1)" \
  || { echo "require('sagemaker-bench') and 'sagemaker-bench/testing' do not share their classes"; exit 1; }
node --input-type=module -e "import * as sb from 'sagemaker-bench'; import * as t from 'sagemaker-bench/testing'; if (typeof sb.TrainingJobBuilder !== 'function' || typeof t.startMoto !== 'function' || t.MotoServerError !== sb.MotoServerError) process.exit(1)" \
  || { echo "import of 'sagemaker-bench' and 'sagemaker-bench/testing' do not share their classes"; exit 1; }
echo "npx sagemaker-bench $version on Node $(node -v): ok"
