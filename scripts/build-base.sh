#!/usr/bin/env bash
# Builds the registry-free base image the samples use, strata/busybox:latest, from Debian's
# busybox-static binary (installed with apt-get when missing), into the store named by --root or
# STRATA_ROOT (strata's default otherwise).
#
#   scripts/build-base.sh [--root DIR] [more strata build flags]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
if [[ ! -x /bin/busybox ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
fi
context="$here/testdata/base/busybox"
cp /bin/busybox "$context/busybox"
root=()
if [[ ${1:-} == --root ]]; then
  root=(--root "$2")
  shift 2
fi
exec "$here/strata" "${root[@]}" build -t strata/busybox:latest "$@" "$context"
