#!/usr/bin/env bash
# Times `strata push` and `strata pull` against `skopeo copy` of the same image to and from a
# local registry (Debian's docker-registry on 127.0.0.1), in the same run, with hyperfine: a
# ~100 MB image of four layers over the busybox base. Every run starts from an empty registry
# (and, for pulls, an empty destination), so no blob is skipped or mounted. Prints the medians
# and the ratios strata/skopeo.
#
#   benchmarks/compare-skopeo.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-5}"
for tool in hyperfine jq skopeo docker-registry java; do
  command -v "$tool" >/dev/null || { echo "compare-skopeo: needs $tool" >&2; exit 1; }
done
[[ -x /bin/busybox ]] || { echo "compare-skopeo: needs busybox-static" >&2; exit 1; }

work="$(mktemp -d /var/tmp/strata-skopeo.XXXXXX)"
registry_pid=""
cleanup() {
  [[ -z "$registry_pid" ]] || kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# No blob descriptor cache is configured, so emptying the storage directory between runs gives an
# empty registry without restarting it.
cat > "$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.05
done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || { echo "compare-skopeo: no registry" >&2; exit 1; }

# The image: the busybox base plus four layers of ~25 MB (half text, half random bytes).
ctx="$work/ctx"
for part in 1 2 3 4; do
  mkdir -p "$ctx/part$part"
  for f in $(seq -w 0 49); do
    head -c 491520 /dev/urandom > "$ctx/part$part/r$f.bin"
    head -c 32768 < <(yes "part $part file $f of a generated layer") > "$ctx/part$part/t$f.txt"
  done
done
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM strata/busybox:latest
COPY part1/ /data/part1/
COPY part2/ /data/part2/
COPY part3/ /data/part3/
COPY part4/ /data/part4/
DOCKERFILE

base="$here/testdata/base/busybox"
cp /bin/busybox "$base/busybox"
strata="$here/strata --root $work/strata"
$strata build -q -t strata/busybox:latest "$base" >/dev/null
$strata build -q -t bench:1 "$ctx" >/dev/null
# skopeo reads the same image, byte for byte, from an OCI layout strata saves.
$strata save --format oci -o "$work/layout" bench:1
echo "image: $(du -sm "$work/layout/blobs" | cut -f1) MB of blobs in $(ls "$work/layout/blobs/sha256" | wc -l) blobs;" \
  "$(nproc) cores"

dest="127.0.0.1:$port/bench/app:1"
empty_registry="rm -rf $work/registry/docker"
# skopeo remembers where blobs live and would mount them instead of uploading: forget that.
forget="rm -f /var/lib/containers/cache/blob-info-cache-v1.* $HOME/.local/share/containers/cache/blob-info-cache-v1.*"
hyperfine --runs "$runs" --style basic --export-json "$work/push.json" \
  -n "strata push" --prepare "$empty_registry" "$strata push -q bench:1 $dest" \
  -n "skopeo push" --prepare "$empty_registry; $forget" \
  "skopeo copy -q --dest-tls-verify=false oci:$work/layout:docker.io/library/bench:1 docker://$dest" >/dev/null

# Pull what strata pushed into an empty store, and with skopeo into an empty OCI layout.
$empty_registry
$strata push -q bench:1 "$dest" >/dev/null
hyperfine --runs "$runs" --style basic --export-json "$work/pull.json" \
  -n "strata pull" --prepare "rm -rf $work/pulled-store" \
  "$here/strata --root $work/pulled-store pull -q $dest" \
  -n "skopeo pull" --prepare "rm -rf $work/pulled-layout; $forget" \
  "skopeo copy -q --src-tls-verify=false docker://$dest oci:$work/pulled-layout:bench" >/dev/null

printf '\n%-8s %12s %12s %8s\n' case "strata s" "skopeo s" ratio
for name in push pull; do
  s="$(jq '.results[0].median' "$work/$name.json")"
  k="$(jq '.results[1].median' "$work/$name.json")"
  printf '%-8s %12.3f %12.3f %8.2f\n' "$name" "$s" "$k" "$(echo "$s / $k" | bc -l)"
done
