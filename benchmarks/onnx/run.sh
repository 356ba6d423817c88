#!/usr/bin/env bash
# Generates the benchmark models (100-tree forest and MLP on 20 features) and runs the Kiln.Onnx micro-benchmark.
# Results are printed and saved under benchmarks/onnx/results/ (git-ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
models="${root}/benchmarks/onnx/models"
results="${root}/benchmarks/onnx/results"
mkdir -p "${results}"

/usr/bin/python3 "${root}/tools/fixtures/make_fixtures.py" --benchmark-models "${models}"
dotnet build -c Release "${root}/benchmarks/Kiln.Benchmarks.Onnx" -v quiet -nologo
"${root}/benchmarks/Kiln.Benchmarks.Onnx/bin/Release/net10.0/Kiln.Benchmarks.Onnx" "${models}" \
    | tee "${results}/onnx-$(date -u +%Y%m%dT%H%M%SZ).txt"
