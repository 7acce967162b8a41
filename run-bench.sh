#!/usr/bin/env bash
# MoeBench front door.
#   ./run-bench.sh            build (Release), run suites/quick.yaml on the CPU into results/moebench.db
#   ./run-bench.sh ARGS...    build if needed, then `moebench ARGS...` (e.g. ./run-bench.sh results --json)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  cat >&2 <<'MSG'
run-bench.sh: the .NET SDK (10.0) is not on PATH.
Install it from your distribution or https://dot.net (e.g. Debian: the dotnet-sdk-10.0 package from
Microsoft's package feed), then run ./run-bench.sh again. Nothing was built or run.
MSG
  exit 2
fi

BIN=src/MoeBench.Cli/bin/Release/net10.0/moebench.dll

needs_build() {
  [ ! -f "$BIN" ] && return 0
  [ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$BIN" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit)" ]
}

if needs_build; then
  echo "building MoeBench (Release)..." >&2
  dotnet build src/MoeBench.Cli/MoeBench.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
fi

moebench() { dotnet "$BIN" "$@"; }

if [ $# -gt 0 ]; then
  moebench "$@"
  exit $?
fi

mkdir -p results reports
status=0
moebench run --suite suites/quick.yaml --device cpu --db results/moebench.db || status=$?
echo
echo "Results: results/moebench.db   (./run-bench.sh results            a table of the latest run)"
echo "                                (./run-bench.sh results --json     the same as JSON)"
exit $status
