#!/usr/bin/env bash
# Installs what the test suites need beyond the .NET SDK. Safe to run again: it installs only
# what is missing. CI runs it before the tests; run it once on a new machine.
#
#   python3-swift  OpenStack Swift with its S3 API (s3api), Debian's package. The artifact store
#                  tests start it as a real S3-compatible server (tools/s3/swift_s3_server.py).
set -euo pipefail

debian_packages=(python3-swift postgresql libonnx-testdata)

missing=()
for package in "${debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        sudo=(sudo)
    fi
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The S3 test server runs on Debian's interpreter, which is the one that sees Debian's packages.
if ! /usr/bin/python3 -c 'import swift.common.middleware.s3api' 2>/dev/null; then
    echo "python3-swift is installed but /usr/bin/python3 cannot import swift.common.middleware.s3api" >&2
    exit 1
fi
echo "Test dependencies are installed."
