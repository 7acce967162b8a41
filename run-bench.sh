#!/usr/bin/env bash
# MoeBench front door.
#   ./run-bench.sh              build (Release), run suites/quick.yaml on the CPU into results/moebench.db,
#                               write the HTML report to reports/latest/
#   ./run-bench.sh --gate SEL   the same, then gate the new run against SEL into reports/gate/; exits 1 on a
#                               confirmed regression. A baseline never selects the new run: branch:main is the
#                               newest run of main before it, last:5 the five runs before it
#   ./run-bench.sh --ab REF [ARGS...]
#                               a pull request's gate: check the base commit REF out (a git worktree in .ab-base/) and
#                               build it, run suites/gate-check.yaml (ten quick cases in 32 rounds: the suite whose
#                               catch rates the README gives) with it and with this checkout in turns, and gate this
#                               one against it into reports/ab/; exits 1 on a confirmed regression. ARGS go to
#                               `moebench ab` (e.g. --filter grouped_gemm, --suite suites/nightly.yaml)
#   ./run-bench.sh ARGS...      build if needed, then `moebench ARGS...` (e.g. ./run-bench.sh results --json)
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

# OpenBLAS, for the cpu-blas baseline device (the managed cpu backend needs nothing native). Not on a fresh
# machine: install it where we can (root with apt-get), otherwise say once that cpu-blas will be unavailable.
# `grep` reads all of ldconfig's output: with pipefail, `grep -q` could exit early and fail ldconfig with SIGPIPE.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep libopenblas >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-bench.sh: installing OpenBLAS (libopenblas0-pthread) for the cpu-blas device..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas0-pthread libgomp1 >/dev/null; } \
      || echo "run-bench.sh: installing OpenBLAS failed; cpu-blas will be unavailable" >&2
  else
    echo "run-bench.sh: OpenBLAS not found; cpu-blas will be unavailable (install: sudo apt-get install libopenblas0-pthread)" >&2
  fi
fi

# OpenCL, for the opencl:P:N devices: the ICD loader (libOpenCL) and PoCL, an OpenCL driver for the CPU, so the OpenCL
# backend runs (and is tested) on any machine. Not on a fresh machine: install them where we can (root with apt-get);
# otherwise the opencl devices are listed unavailable with the reason. A GPU or FPGA vendor's ICD works the same way.
# Recommends stay on: PoCL compiles kernels with the clang/LLVM 15 it pulls in, as the tests here were run with them.
opencl_icd() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep libOpenCL.so.1 >/dev/null && ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; }
if ! opencl_icd; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-bench.sh: installing OpenCL (ocl-icd-opencl-dev, pocl-opencl-icd) for the opencl devices..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ocl-icd-opencl-dev pocl-opencl-icd >/dev/null; } \
      || echo "run-bench.sh: installing OpenCL failed; the opencl devices will be unavailable" >&2
  else
    echo "run-bench.sh: no OpenCL driver found; the opencl devices will be unavailable (install: sudo apt-get install ocl-icd-opencl-dev pocl-opencl-icd)" >&2
  fi
fi

BIN=src/MoeBench.Cli/bin/Release/net10.0/moebench.dll

needs_build() {
  [ ! -f "$BIN" ] && return 0
  [ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$BIN" \( -name '*.cs' -o -name '*.cl' -o -name '*.csproj' -o -name '*.props' \) -print -quit)" ]
}

if needs_build; then
  echo "building MoeBench (Release)..." >&2
  dotnet build src/MoeBench.Cli/MoeBench.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
fi

moebench() { dotnet "$BIN" "$@"; }

# The base commit of `--ab REF`, checked out in .ab-base/ (a git worktree, kept between runs so its build is reused) and
# built in Release. Its runs record REF's commit, since each side runs in its own checkout.
ab_base() {
  local sha
  sha=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "run-bench.sh: --ab $1: not a commit in this repository" >&2; exit 2; }
  git worktree prune
  if [ -e .ab-base/.git ]; then
    git -C .ab-base checkout --quiet --detach "$sha"
  else
    git worktree add --quiet --detach .ab-base "$sha"
  fi
  echo "building the base $1 (${sha:0:12}) in .ab-base (Release)..." >&2
  dotnet build .ab-base/src/MoeBench.Cli/MoeBench.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
}

# MOEBENCH_RESULTS_DIR / MOEBENCH_REPORTS_DIR move the database and the reports (the README test runs these jobs
# into a temporary folder, so a checkout's own results are never touched).
results=${MOEBENCH_RESULTS_DIR:-results}
reports=${MOEBENCH_REPORTS_DIR:-reports}
gate=""
if [ "${1:-}" = "--ab" ]; then
  [ $# -ge 2 ] || { echo "usage: ./run-bench.sh --ab BASE_REF [moebench ab options]" >&2; exit 2; }
  ab_base "$2"
  mkdir -p "$results" "$reports"
  status=0
  moebench ab --base .ab-base --db "$results/moebench.db" --out "$reports/ab" "${@:3}" || status=$?
  echo
  echo "Gate: $reports/ab/summary.md"
  exit $status
elif [ "${1:-}" = "--gate" ]; then
  [ $# -eq 2 ] || { echo "usage: ./run-bench.sh --gate SELECTOR" >&2; exit 2; }
  gate=$2
elif [ $# -gt 0 ]; then
  moebench "$@"
  exit $?
fi

mkdir -p "$results" "$reports"
db=$results/moebench.db
status=0
moebench run --suite suites/quick.yaml --device cpu --db "$db" || status=$?
# A run that failed validation still gets its report: the failures are what a reader needs to see.
if [ "$status" -le 1 ]; then
  moebench report --run latest --db "$db" --out "$reports/latest" ${gate:+--compare "$gate"} || status=$?
fi
if [ -n "$gate" ] && [ "$status" -eq 0 ]; then
  moebench gate --baseline "$gate" --candidate latest --db "$db" --out "$reports/gate" || status=$?
fi
echo
echo "Results: $db        (./run-bench.sh results   a table of the latest run; --json for JSON)"
echo "Report:  $reports/latest/index.html"
[ -n "$gate" ] && echo "Gate:    $reports/gate/summary.md"
exit $status
