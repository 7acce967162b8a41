#!/usr/bin/env bash
# MoeBench test command (CI runs exactly this): formatting check, then every test project.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-tests.sh: the .NET SDK (10.0) is not on PATH; install it and run again." >&2
  exit 2
fi

dotnet restore MoeBench.sln --nologo -v quiet
dotnet format MoeBench.sln --verify-no-changes --no-restore -v quiet
dotnet build MoeBench.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MoeBench.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line over all test projects, in the plain form CI logs read.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  f += $(i+1);
         if ($i == "Passed:")  p += $(i+1);
         if ($i == "Skipped:") s += $(i+1);
       }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
exit $status
