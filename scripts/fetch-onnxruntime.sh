#!/usr/bin/env bash
# Fetches the pinned ONNX Runtime native library from the onnxruntime-node npm package,
# verifies its sha256 and places it under <repo>/native/onnxruntime-<version>/.
# Idempotent (no-op when the verified file is present) and safe to run from parallel builds.
set -euo pipefail

readonly ORT_VERSION="1.30.0"
readonly PACKAGE="onnxruntime-node@${ORT_VERSION}"
readonly PATH_IN_TARBALL="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
readonly EXPECTED_SHA256="ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target_dir="${repo_root}/native/onnxruntime-${ORT_VERSION}"
target="${target_dir}/libonnxruntime.so.1"

is_verified() {
    [[ -f "$1" ]] && [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "${EXPECTED_SHA256}" ]]
}

if is_verified "${target}"; then
    exit 0
fi

mkdir -p "${target_dir}"
exec 9>"${target_dir}/.fetch.lock"
flock 9

# Another build may have fetched it while we waited for the lock.
if is_verified "${target}"; then
    exit 0
fi

work="$(mktemp -d "${target_dir}/.fetch.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

echo "fetch-onnxruntime: downloading ${PACKAGE} (npm pack)" >&2
(cd "${work}" && npm pack --silent "${PACKAGE}" >/dev/null)
tarball="$(find "${work}" -maxdepth 1 -name 'onnxruntime-node-*.tgz' | head -n 1)"
if [[ -z "${tarball}" ]]; then
    echo "fetch-onnxruntime: ERROR: npm pack produced no tarball" >&2
    exit 1
fi

tar -xzf "${tarball}" -C "${work}" "${PATH_IN_TARBALL}"
extracted="${work}/${PATH_IN_TARBALL}"
actual="$(sha256sum "${extracted}" | cut -d' ' -f1)"
if [[ "${actual}" != "${EXPECTED_SHA256}" ]]; then
    echo "fetch-onnxruntime: ERROR: sha256 mismatch for ${PATH_IN_TARBALL}" >&2
    echo "  expected ${EXPECTED_SHA256}" >&2
    echo "  actual   ${actual}" >&2
    exit 1
fi

mv -f "${extracted}" "${target}.tmp"
mv -f "${target}.tmp" "${target}"
echo "fetch-onnxruntime: verified ${target}" >&2
