#!/usr/bin/env bash
# Runs every test of strata: unit tests, conformance corpora, and the integration tests that use
# real runc, overlayfs, buildah, skopeo, umoci and a local registry. Installs the Debian packages
# those tests need when they are missing (as root, with apt-get).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

packages=(runc busybox-static skopeo umoci buildah docker-registry apache2-utils openssl zstd xfsprogs)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec mvn -B verify "$@"
