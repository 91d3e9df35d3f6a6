#!/usr/bin/env bash
# The main job on the samples: builds the registry-free busybox base, then testdata/apps/app1 and
# app2 (which share their first three steps), into a store under .strata/ in the repository, and
# shows the cache at work: app2 reuses app1's layers, a rebuild runs nothing, and history and
# system df show the shared layers. Needs root (runc and overlayfs), like docker build.
#
#   scripts/build-sample.sh [more strata build flags, e.g. --storage-driver vfs]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
root="$here/.strata"
strata() { "$here/strata" --root "$root" "$@"; }

for p in runc busybox-static; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ -n ${missing[*]:-} ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== the base image, strata/busybox (FROM scratch + Debian's busybox-static)"
"$here/scripts/build-base.sh" --root "$root" --progress plain "$@"
echo; echo "== app1"
strata build --progress plain -t app1 "$@" "$here/testdata/apps/app1"
echo; echo "== app2: its first two steps come from app1's cache"
strata build --progress plain -t app2 "$@" "$here/testdata/apps/app2"
echo; echo "== app1 again, nothing changed: every step hits"
strata build --progress plain -t app1 "$@" "$here/testdata/apps/app1"
echo; echo "== strata history app2"
strata history app2
echo; echo "== strata system df -v"
strata system df -v
