#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need (PostgreSQL, the ONNX test data, the S3-compatible
# test server) when missing, then `dotnet test Kiln.slnx`. Tests start their own PostgreSQL cluster and S3 server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
./scripts/install-test-deps.sh
dotnet test Kiln.slnx -c Release --nologo "$@"
