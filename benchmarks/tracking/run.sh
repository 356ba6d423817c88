#!/usr/bin/env bash
# Tracking benchmark: builds the Release kiln binary, then measures Kiln (a real server process) on SQLite and
# PostgreSQL beside an HTTP+JSON floor server, and prints a markdown table (also saved under benchmarks/tracking/results/).
#   benchmarks/tracking/run.sh [--runs 25000] [--seconds 15] [--backends sqlite,postgres]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./scripts/install-test-deps.sh >/dev/null
./kiln --version >/dev/null
mkdir -p benchmarks/tracking/results
dotnet run -c Release --project benchmarks/Kiln.Benchmarks.Tracking -- --kiln artifacts/kiln/kiln \
    --output "benchmarks/tracking/results/$(date -u +%Y%m%dT%H%M%SZ).md" "$@"
