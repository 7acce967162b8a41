#!/usr/bin/env bash
# GPU check: on a machine with an NVIDIA GPU and its driver, build MoeBench, run the device conformance suite on
# ilgpu:cuda:0 (every op against its float64 reference, on the GPU's tiled kernels), then suites/gpu-check.yaml on
# ilgpu:cuda:0 and the host CPU into results/gpu-check.db, write its report and print where it is.
#   bash scripts/gpu-check.sh
# Exits 2 without building anything where there is no CUDA GPU (or no .NET SDK); 1 when a conformance test or a case
# fails (a failed case still gets its report).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "gpu-check.sh: $*" >&2; exit 2; }

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (10.0) is not on PATH; install it, then run this again"

# The driver is what ILGPU talks to; nvidia-smi, where present, names the GPU in the log.
# grep reads all of ldconfig's output: with pipefail, `grep -q` could exit early and fail ldconfig with SIGPIPE.
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; } | grep 'libcuda\.so' >/dev/null; then
  die "no CUDA GPU here: the NVIDIA driver library (libcuda.so) is not installed. This check needs an NVIDIA GPU; on a CPU-only machine the ilgpu:cpu conformance suite runs with the other tests (dotnet test tests/MoeBench.Devices.Ilgpu.Tests)."
fi
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || die "nvidia-smi finds no working GPU"
fi

echo "== build (Release)" >&2
dotnet build src/MoeBench.Cli/MoeBench.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build tests/MoeBench.Devices.Ilgpu.Tests -c Release --nologo -v quiet -clp:ErrorsOnly >&2

moebench() { dotnet src/MoeBench.Cli/bin/Release/net10.0/moebench.dll "$@"; }

# The backend's own verdict: the driver may load and still report no usable GPU. `devices --json` is one object per
# device over several lines; joined, the entry is the text between its id and the closing brace.
entry=$(moebench devices --json | tr -s ' \n' ' ' | grep -o '"id": "ilgpu:cuda:0"[^}]*' || true)
case "$entry" in
  *'"available": true'*) ;;
  "") die "ilgpu:cuda:0 is not listed by \`moebench devices\`" ;;
  *) die "ilgpu:cuda:0 is unavailable: $(grep -o '"reason": "[^"]*"' <<<"$entry" || echo "$entry")" ;;
esac

echo "== device conformance suite on ilgpu:cuda:0" >&2
dotnet test tests/MoeBench.Devices.Ilgpu.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~IlgpuCudaConformanceTests" --logger "console;verbosity=normal"

# The run calibrates each device's roofs first (FMA peak, memory bandwidth, host↔device links) and stores them.
echo "== suites/gpu-check.yaml on ilgpu:cuda:0 and cpu" >&2
mkdir -p results reports
db=results/gpu-check.db
out=reports/gpu-check
status=0
moebench run --suite suites/gpu-check.yaml --db "$db" || status=$?
# A run with failed cases still gets its report: the failures are what a reader needs to see.
[ "$status" -le 1 ] || exit "$status"
moebench report --run latest --db "$db" --out "$out"
echo
echo "Results: $db"
echo "Report:  $out/index.html"
exit "$status"
