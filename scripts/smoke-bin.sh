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
echo "npx sagemaker-bench $version: ok"
