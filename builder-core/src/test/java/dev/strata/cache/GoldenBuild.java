package dev.strata.cache;

import dev.strata.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fixed four-step build whose keys the golden test pins. */
final class GoldenBuild {
  private GoldenBuild() {}

  static StepInputs from() {
    return StepInputs.builder(StepKind.FROM)
        .instruction("FROM alpine:3.19")
        .baseImage("alpine:3.19", Digest.sha256("alpine manifest"))
        .platform("linux/amd64")
        .build();
  }

  static StepInputs run() {
    return StepInputs.builder(StepKind.RUN)
        .instruction("RUN apk add curl")
        .envList(List.of("PATH=/usr/local/bin:/usr/bin:/bin"))
        .buildArg("VERSION", "1.2")
        .user("")
        .workdir("/")
        .shell(List.of("/bin/sh", "-c"))
        .network("default")
        .mount("/var/cache/apk", new TreeMap<>(Map.of("type", "cache", "id", "apk")))
        .build();
  }

  static StepInputs copy() {
    FileSet files =
        FileSet.of(
            List.of(
                FileEntry.file("src/main.c", 0644, Digest.sha256("int main(){}")),
                FileEntry.directory("src", 0755),
                FileEntry.symlink("src/link", 0777, "main.c")),
            false);
    return StepInputs.builder(StepKind.COPY)
        .instruction("COPY src /app/src")
        .files("src", files)
        .build();
  }

  static StepInputs env() {
    return StepInputs.builder(StepKind.ENV).instruction("ENV MODE=release").build();
  }

  static Map<String, CacheKey> keys() {
    Map<String, CacheKey> keys = new LinkedHashMap<>();
    CacheKey from = CacheKeyEncoder.key(Optional.empty(), from());
    keys.put("from", from);
    keys.put("run", CacheKeyEncoder.key(from, run()));
    keys.put("copy", CacheKeyEncoder.key(keys.get("run"), copy()));
    keys.put("env", CacheKeyEncoder.key(keys.get("copy"), env()));
    return keys;
  }
}
