#!/usr/bin/env bash
# Times `strata build` against `buildah bud --layers --isolation chroot` on the same machine in the
# same run, with hyperfine: a cold build, a no-op rebuild, and a rebuild after one changed source
# file, over a generated context of 5,000 files (~100 MB) on a busybox base with two RUN steps.
# Prints the medians and the ratios strata/buildah.
#
#   benchmarks/compare-buildah.sh [overlay|vfs] [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
driver="${1:-overlay}"
runs="${2:-5}"
for tool in hyperfine jq buildah java; do
  command -v "$tool" >/dev/null || { echo "compare-buildah: needs $tool" >&2; exit 1; }
done
[[ -x /bin/busybox ]] || { echo "compare-buildah: needs busybox-static" >&2; exit 1; }

work="$(mktemp -d /var/tmp/strata-compare.XXXXXX)"
cleanup() {
  buildah --root "$work/buildah" --runroot "$work/buildah-run" --storage-driver vfs \
    rm --all >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The context: 50 directories of 100 files of ~20 KB (half text, half random bytes).
ctx="$work/ctx"
mkdir -p "$ctx/src"
for d in $(seq -w 0 49); do
  mkdir -p "$ctx/src/d$d"
  for f in $(seq -w 0 99); do
    if (( 10#$f % 2 )); then
      head -c 20480 /dev/urandom > "$ctx/src/d$d/f$f.bin"
    else
      head -c 20480 < <(yes "line $d $f of a generated source file") > "$ctx/src/d$d/f$f.txt"
    fi
  done
done
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM strata/busybox:latest
RUN mkdir -p /app && echo prepared > /app/prepared
COPY src/ /app/src/
RUN find /app/src -type f | wc -l > /app/count && du -s /app/src > /app/size
DOCKERFILE
echo "context: $(find "$ctx/src" -type f | wc -l) files, $(du -sm "$ctx/src" | cut -f1) MB;" \
  "driver $driver; $(nproc) cores"

# The same base image in both tools, built from the same Dockerfile.
base="$here/testdata/base/busybox"
cp /bin/busybox "$base/busybox"
strata_root="$work/strata"
strata="$here/strata --root $strata_root"
$strata build -q -t strata/busybox:latest --storage-driver "$driver" "$base" >/dev/null
buildah_flags="--root $work/buildah --runroot $work/buildah-run --storage-driver vfs"
buildah $buildah_flags bud --quiet --layers --isolation chroot -t strata/busybox:latest "$base" \
  >/dev/null
cp -a "$strata_root" "$work/strata-pristine"
cp -a "$work/buildah" "$work/buildah-pristine"

strata_build="$strata build -q -t bench --storage-driver $driver $ctx"
buildah_build="buildah $buildah_flags bud --quiet --layers --isolation chroot -t bench $ctx"
reset_strata="rm -rf $strata_root && cp -a $work/strata-pristine $strata_root"
reset_buildah="buildah $buildah_flags rm --all >/dev/null; rm -rf $work/buildah && cp -a $work/buildah-pristine $work/buildah"
touch_one="date +%s%N >> $ctx/src/d00/f00.txt"

hyperfine --runs "$runs" --style basic --export-json "$work/cold.json" \
  -n "strata cold" --prepare "$reset_strata" "$strata_build" \
  -n "buildah cold" --prepare "$reset_buildah" "$buildah_build" >/dev/null
# Warm both caches once, then time rebuilds with nothing changed.
$strata_build >/dev/null && $buildah_build >/dev/null
hyperfine --runs "$runs" --warmup 1 --style basic --export-json "$work/noop.json" \
  -n "strata no-op" "$strata_build" \
  -n "buildah no-op" "$buildah_build" >/dev/null
hyperfine --runs "$runs" --style basic --export-json "$work/one.json" \
  -n "strata one file" --prepare "$touch_one" "$strata_build" \
  -n "buildah one file" --prepare "$touch_one" "$buildah_build" >/dev/null

printf '\n%-18s %12s %12s %8s  (target)\n' case "strata s" "buildah s" ratio
for c in cold:1.0 noop:0.2 one:0.5; do
  name="${c%%:*}" target="${c##*:}"
  s="$(jq '.results[0].median' "$work/$name.json")"
  b="$(jq '.results[1].median' "$work/$name.json")"
  printf '%-18s %12.3f %12.3f %8.2f  (<= %s)\n' "$name" "$s" "$b" "$(echo "$s / $b" | bc -l)" "$target"
done
