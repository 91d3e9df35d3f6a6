package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.cache.BuildRecord;
import dev.strata.cache.BuildRecords;
import dev.strata.cache.CacheEntry;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheKey;
import dev.strata.cache.MissExplainer;
import dev.strata.cache.StepInputs;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.AddInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.MountType;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.image.Platform;
import dev.strata.plan.Origin;
import dev.strata.plan.Step;
import dev.strata.solver.copy.SourceInputs;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keys steps as DESIGN.md defines it, and reads and writes the cache index and build records.
 *
 * <ul>
 *   <li>FROM: the base manifest digest and platform; scratch is a constant.
 *   <li>Every step: its kind and expanded text.
 *   <li>RUN: also its heredoc bodies, the environment it sees (ENV and the build args in scope, by
 *       digest), user, workdir, network, and each mount's identity (a bind's source content, a
 *       cache's id, a secret's id only).
 *   <li>COPY/ADD: also every selected entry (path, type, mode, content or link target, owner when
 *       kept).
 *   <li>WORKDIR: also the user, who owns the directory it creates.
 * </ul>
 */
final class StepCache {
  private final CacheIndex index;
  private final BuildRecords records;
  private final FileSteps files;
  private final String dockerfile;

  StepCache(CacheIndex index, BuildRecords records, FileSteps files, String dockerfile) {
    this.index = index;
    this.records = records;
    this.files = files;
    this.dockerfile = dockerfile;
  }

  CacheKey scratchKey(Platform platform) {
    return CacheKey.root(
        StepInputs.builder("FROM")
            .put("base", "scratch")
            .put("platform", platform.toString())
            .build());
  }

  CacheKey imageKey(Digest manifest, Platform platform) {
    return CacheKey.root(
        StepInputs.builder("FROM")
            .put("base", manifest.toString())
            .put("platform", platform.toString())
            .build());
  }

  StepInputs inputs(Step step, StepSources sources, Map<Origin, CacheKey> stageKeys) {
    StepInputs.Builder b = StepInputs.builder(step.keyword()).put("instruction", step.text());
    if (step.instruction() instanceof RunInstruction run) {
      b.put("shell", String.join(" ", step.scope().shell()));
      int n = 0;
      for (Heredoc doc : run.heredocs()) {
        b.put("heredoc:" + n++, Digest.sha256(doc.name() + "\0" + doc.content()).toString());
      }
      for (String entry : environment(step)) {
        int eq = entry.indexOf('=');
        b.putDigest("env:" + entry.substring(0, eq), entry.substring(eq + 1));
      }
      b.put("user", step.scope().user());
      b.put("workdir", step.scope().workdir());
      b.put("network", run.network().value());
      n = 0;
      for (Mount mount : step.mounts()) {
        b.put("mount:" + n++, mountIdentity(mount, step, sources, stageKeys));
      }
    } else if (step.instruction() instanceof CopyInstruction
        || step.instruction() instanceof AddInstruction) {
      SourceInputs selected = files.inputs(step, sources);
      b.put("workdir", step.scope().workdir());
      for (SourceInputs.Entry e : selected.entries()) {
        b.put(
            "file:" + e.path(),
            e.type() + " " + Integer.toOctalString(e.mode()) + " " + e.content() + " " + e.owner());
      }
    } else if (step.instruction() instanceof WorkdirInstruction) {
      b.put("user", step.scope().user());
    }
    return b.build();
  }

  /** The environment RUN sees, without the proxy args docker keeps out of keys. */
  private static List<String> environment(Step step) {
    return step.scope().runEnvironment().stream()
        .filter(e -> !step.scope().proxyArgs().containsKey(e.substring(0, e.indexOf('='))))
        .toList();
  }

  private String mountIdentity(
      Mount m, Step step, StepSources sources, Map<Origin, CacheKey> stageKeys) {
    StringBuilder id = new StringBuilder(m.type().value()).append(" target=").append(m.target());
    if (m.type() == MountType.CACHE || m.type() == MountType.SECRET) {
      id.append(" id=").append(m.id());
      m.sharing().ifPresent(s -> id.append(" sharing=").append(s.value()));
    }
    if (m.type() == MountType.BIND) {
      id.append(" source=").append(m.source()).append(" rw=").append(!m.readOnly());
      if (m.from().isEmpty()) {
        id.append(" context=").append(files.contextDigest(sources.context(), m.source()));
      } else {
        Origin origin = step.origins().get(m.from());
        CacheKey key = stageKeys.get(origin);
        id.append(" from=").append(key != null ? key.toString() : origin.toString());
      }
    }
    m.mode().ifPresent(v -> id.append(" mode=").append(Long.toOctalString(v)));
    m.uid().ifPresent(v -> id.append(" uid=").append(v));
    m.gid().ifPresent(v -> id.append(" gid=").append(v));
    m.sizeBytes().ifPresent(v -> id.append(" size=").append(v));
    m.env().ifPresent(v -> id.append(" env=").append(v));
    return id.toString();
  }

  Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    return index.lookup(key);
  }

  void record(CacheKey key, CacheEntry entry) throws IOException {
    index.record(key, entry);
  }

  Optional<BuildRecord> previous(String stage) throws IOException {
    return records.last(dockerfile, stage);
  }

  String explain(
      int stepIndex,
      CacheKey parent,
      StepInputs inputs,
      Optional<BuildRecord> previous,
      Optional<String> firstMiss) {
    return MissExplainer.explain(stepIndex, parent, inputs, previous, firstMiss);
  }

  void save(String stage, List<BuildRecord.RecordedStep> steps) throws IOException {
    records.save(new BuildRecord(dockerfile, stage, steps));
  }
}
