#!/usr/bin/env bash
# MoeBench test command (CI runs exactly this): formatting check, then every test project.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-tests.sh: the .NET SDK (10.0) is not on PATH; install it and run again." >&2
  exit 2
fi

# OpenBLAS, for the cpu-blas baseline device (the managed cpu backend needs nothing native). Not on a fresh
# machine: install it where we can (root with apt-get), otherwise say once that cpu-blas will be unavailable.
# `grep` reads all of ldconfig's output: with pipefail, `grep -q` could exit early and fail ldconfig with SIGPIPE.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep libopenblas >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-tests.sh: installing OpenBLAS (libopenblas0-pthread) for the cpu-blas device..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas0-pthread libgomp1 >/dev/null; } \
      || echo "run-tests.sh: installing OpenBLAS failed; cpu-blas will be unavailable" >&2
  else
    echo "run-tests.sh: OpenBLAS not found; cpu-blas will be unavailable and its tests fail unless MOEBENCH_SKIP_BLAS=1 (install: sudo apt-get install libopenblas0-pthread)" >&2
  fi
fi

# OpenCL, for the opencl:P:N devices: the ICD loader (libOpenCL) and PoCL, an OpenCL driver for the CPU, so the OpenCL
# backend runs (and is tested) on any machine. Not on a fresh machine: install them where we can (root with apt-get);
# otherwise the opencl devices are listed unavailable with the reason. A GPU or FPGA vendor's ICD works the same way.
# Recommends stay on: PoCL compiles kernels with the clang/LLVM 15 it pulls in, as the tests here were run with them.
opencl_icd() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep libOpenCL.so.1 >/dev/null && ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; }
if ! opencl_icd; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-tests.sh: installing OpenCL (ocl-icd-opencl-dev, pocl-opencl-icd) for the opencl devices..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ocl-icd-opencl-dev pocl-opencl-icd >/dev/null; } \
      || echo "run-tests.sh: installing OpenCL failed; the opencl devices will be unavailable" >&2
  else
    echo "run-tests.sh: no OpenCL driver found; the opencl devices will be unavailable (install: sudo apt-get install ocl-icd-opencl-dev pocl-opencl-icd)" >&2
  fi
fi
# With a driver present the OpenCL conformance suite must run, not skip (tests/MoeBench.Devices.OpenCl.Tests/OpenClFixture.cs).
if opencl_icd; then
  export MOEBENCH_REQUIRE_OPENCL=1
fi

# The report's browser test drives Debian's Chromium through Playwright (Playwright cannot download its own
# browser here). Install it when missing and we may; otherwise say how, and the browser test fails saying so too.
# CHROMIUM_PATH points the test at another binary; MOEBENCH_SKIP_BROWSER=1 skips the test and this step.
if [[ "${MOEBENCH_SKIP_BROWSER:-}" != "1" && ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-tests.sh: installing Debian's chromium (and DejaVu fonts for the charts) for the browser test..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; } \
      || echo "run-tests.sh: installing chromium failed; the browser test will fail and say how to install it" >&2
  else
    echo "run-tests.sh: chromium is missing and this is not a root shell with apt-get, so the browser test will fail." >&2
    echo "  install it:  sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core" >&2
    echo "  or set CHROMIUM_PATH=/path/to/chromium, or MOEBENCH_SKIP_BROWSER=1 to skip that test" >&2
  fi
fi

dotnet restore MoeBench.sln --nologo -v quiet
dotnet format MoeBench.sln --verify-no-changes --no-restore -v quiet
dotnet build MoeBench.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MoeBench.sln -c Release --no-build --nologo --filter "Needs!=QuietMachine" 2>&1 | tee "$log" || status=$?
# Tests that time a regression gate end to end run alone once the others are done: beside the other test projects on
# two cores the gate rightly calls a 25% slowdown noise (tests/MoeBench.Cli.Tests/QuietMachine.cs).
dotnet test tests/MoeBench.Cli.Tests/MoeBench.Cli.Tests.csproj -c Release --no-build --nologo --filter "Needs=QuietMachine" 2>&1 | tee -a "$log" || status=$?

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
