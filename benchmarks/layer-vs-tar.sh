#!/usr/bin/env bash
# Times strata's layer writer against GNU tar with gzip and with zstd on the same generated tree
# (5,000 files, ~100 MB: 60% compressible text, 40% random bytes), with hyperfine in one run.
# Prints medians, MB/s of tree content, and output sizes. strata's times include JVM start-up.
#
#   benchmarks/layer-vs-tar.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
runs="${1:-5}"
jar="$here/target/benchmarks.jar"
for tool in hyperfine jq tar gzip zstd java; do
  command -v "$tool" >/dev/null || { echo "layer-vs-tar: needs $tool" >&2; exit 1; }
done
if [[ ! -f $jar ]]; then
  (cd "$here/.." && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl benchmarks -am package)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
bytes="$(java -cp "$jar" dev.strata.benchmarks.WriteLayer generate "$tree")"
echo "tree: $(find "$tree" -type f | wc -l) files, $bytes bytes, $(nproc) cores"

strata="java -XX:+UseParallelGC -cp $jar dev.strata.benchmarks.WriteLayer write $tree"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/results.json" --style basic \
  -n "tar -czf (gzip -6, 1 core)" "tar -C $tree -czf $work/tar.tar.gz ." \
  -n "strata gzip (all cores)" "$strata $work/strata.tar.gz gzip" \
  -n "tar -c | zstd -3 -T0" "tar -C $tree -cf - . | zstd -q -3 -T0 -f -o $work/tar.tar.zst" \
  -n "strata zstd" "$strata $work/strata.tar.zst zstd" \
  -n "tar -cf (none)" "tar -C $tree -cf $work/tar.tar ." \
  -n "strata none" "$strata $work/strata.tar none" >/dev/null

size() { stat -c %s "$work/$1"; }
echo
printf '%-30s %10s %10s %12s\n' "command" "median s" "MB/s" "output MB"
jq -r '.results[] | "\(.command)\t\(.median)"' "$work/results.json" |
  while IFS=$'\t' read -r name median; do
    case "$name" in
      "tar -czf"*) out=tar.tar.gz ;; "strata gzip"*) out=strata.tar.gz ;;
      "tar -c | zstd"*) out=tar.tar.zst ;; "strata zstd"*) out=strata.tar.zst ;;
      "tar -cf"*) out=tar.tar ;; *) out=strata.tar ;;
    esac
    awk -v n="$name" -v m="$median" -v b="$bytes" -v o="$(size $out)" \
      'BEGIN { printf "%-30s %10.3f %10.1f %12.2f\n", n, m, b / 1e6 / m, o / 1e6 }'
  done

# Applying: GNU tar extracting vs strata applying the same gzip layer into an empty directory.
out="$work/out"
hyperfine --runs "$runs" --warmup 1 --export-json "$work/apply.json" --style basic \
  --prepare "rm -rf $out && mkdir $out" \
  -n "tar -xzpf" "tar -C $out -xzpf $work/strata.tar.gz" \
  -n "strata apply gzip" "java -XX:+UseParallelGC -cp $jar dev.strata.benchmarks.WriteLayer apply $work/strata.tar.gz $out" \
  >/dev/null
jq -r --arg b "$bytes" '.results[] | "\(.command)\t\(.median)"' "$work/apply.json" |
  while IFS=$'\t' read -r name median; do
    awk -v n="$name" -v m="$median" -v b="$bytes" \
      'BEGIN { printf "%-30s %10.3f %10.1f\n", n, m, b / 1e6 / m }'
  done

jq -r '.results | map({(.command): .median}) | add |
  "\nspeed ratio (tar time / strata time), gzip: \(.["tar -czf (gzip -6, 1 core)"] / .["strata gzip (all cores)"] | . * 100 | round / 100)" +
  "\nspeed ratio (tar time / strata time), zstd: \(.["tar -c | zstd -3 -T0"] / .["strata zstd"] | . * 100 | round / 100)"' \
  "$work/results.json"
