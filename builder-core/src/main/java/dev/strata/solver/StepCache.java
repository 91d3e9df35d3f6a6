package dev.strata.solver;

import dev.strata.Digest;
import dev.strata.cache.BuildRecord;
import dev.strata.cache.CacheEntry;
import dev.strata.cache.CacheImport;
import dev.strata.cache.CacheIndex;
import dev.strata.cache.CacheKey;
import dev.strata.cache.CacheKeyEncoder;
import dev.strata.cache.CachedLayer;
import dev.strata.cache.FileEntry;
import dev.strata.cache.FileSet;
import dev.strata.cache.MissExplainer;
import dev.strata.cache.RecordedStep;
import dev.strata.cache.StepInputs;
import dev.strata.cache.StepKind;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys steps as DESIGN.md defines it, and reads and writes the cache index and build records.
 *
 * <ul>
 *   <li>FROM: the base manifest digest and platform; scratch is a constant.
 *   <li>Every step: its kind and expanded text.
 *   <li>RUN: also its heredoc bodies, the environment it sees (ENV and the build args in scope,
 *       held as digests), user, workdir, network, and each mount's identity (a bind's source
 *       content, a cache's id, a secret's id only).
 *   <li>COPY/ADD: also every selected entry (path, type, mode, content or link target, owner when
 *       kept), as one file set per source.
 *   <li>WORKDIR: also the user, who owns the directory it creates.
 * </ul>
 */
final class StepCache {
  private final CacheIndex index;
  private final CacheImport remote;
  private final FileSteps files;
  private final String dockerfile;
  private final MissExplainer explainer = new MissExplainer();

  /** The FROM inputs behind each base key made here, so that build records can name the base. */
  private final Map<CacheKey, StepInputs> bases = new ConcurrentHashMap<>();

  StepCache(CacheIndex index, CacheImport remote, FileSteps files, String dockerfile) {
    this.index = index;
    this.remote = remote;
    this.files = files;
    this.dockerfile = dockerfile;
  }

  CacheKey scratchKey(Platform platform) {
    return base(
        StepInputs.builder(StepKind.FROM)
            .option("base", "scratch")
            .platform(platform.toString())
            .build());
  }

  CacheKey imageKey(Digest manifest, Platform platform) {
    // The reference is not part of the key: the same manifest under another name is the same base.
    return base(
        StepInputs.builder(StepKind.FROM)
            .baseImage("", manifest)
            .platform(platform.toString())
            .build());
  }

  private CacheKey base(StepInputs inputs) {
    CacheKey key = CacheKeyEncoder.key(Optional.empty(), inputs);
    bases.put(key, inputs);
    return key;
  }

  /** The FROM step of a stage whose base key is {@code key}, unless its base is another stage. */
  Optional<RecordedStep> fromStep(CacheKey key) {
    return Optional.ofNullable(bases.get(key))
        .map(inputs -> new RecordedStep(0, Optional.empty(), key, inputs));
  }

  CacheKey key(CacheKey parent, StepInputs inputs) {
    return CacheKeyEncoder.key(parent, inputs);
  }

  /**
   * The key of a {@code --link} layer: its inputs without a parent, since the layer is made in an
   * empty tree. No other step has a key without a parent but FROM, whose inputs are of another
   * kind, so the two never meet.
   */
  CacheKey linkedKey(StepInputs inputs) {
    return CacheKeyEncoder.key(Optional.empty(), inputs);
  }

  StepInputs inputs(Step step, StepSources sources, Map<Origin, CacheKey> stageKeys) {
    StepInputs.Builder b = StepInputs.builder(StepKind.of(step.keyword())).instruction(step.text());
    if (step.instruction() instanceof RunInstruction run) {
      b.shell(step.scope().shell());
      int n = 0;
      for (Heredoc doc : run.heredocs()) {
        b.option("heredoc " + n++, Digest.sha256(doc.name() + "\0" + doc.content()).toString());
      }
      environment(step, b);
      b.user(step.scope().user());
      b.workdir(step.scope().workdir());
      b.network(run.network().value());
      Map<String, Integer> targets = new TreeMap<>();
      for (Mount mount : step.mounts()) {
        int seen = targets.merge(mount.target(), 1, Integer::sum);
        String name = seen == 1 ? mount.target() : mount.target() + " #" + seen;
        b.mount(name, mountIdentity(mount, step, sources, stageKeys));
      }
    } else if (step.instruction() instanceof CopyInstruction
        || step.instruction() instanceof AddInstruction) {
      b.workdir(step.scope().workdir());
      selection(files.inputs(step, sources), b);
    } else if (step.instruction() instanceof WorkdirInstruction) {
      b.user(step.scope().user());
    }
    return b.build();
  }

  /**
   * The environment RUN sees: ENV values, then the build args in scope that no ENV shadows, without
   * the proxy args docker keeps out of keys. Values are held as digests only.
   */
  private static void environment(Step step, StepInputs.Builder b) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : step.scope().env()) {
      int eq = entry.indexOf('=');
      env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    env.forEach(b::env);
    step.scope()
        .args()
        .forEach(
            (name, value) -> {
              if (!env.containsKey(name)) {
                b.buildArg(name, value);
              }
            });
  }

  /**
   * The selected entries as one file set per source word, which a miss explains file by file. An
   * entry a file set cannot describe exactly (a device, a path selected twice) is covered by the
   * copy's own digest of the whole selection instead.
   */
  private static void selection(SourceInputs selected, StepInputs.Builder b) {
    Map<String, List<SourceInputs.Entry>> bySource = new LinkedHashMap<>();
    for (SourceInputs.Entry e : selected.entries()) {
      bySource.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
    }
    boolean exact = true;
    for (Map.Entry<String, List<SourceInputs.Entry>> source : bySource.entrySet()) {
      Optional<FileSet> set = fileSet(source.getValue());
      if (set.isPresent()) {
        b.files(source.getKey(), set.get());
      } else {
        exact = false;
      }
    }
    if (!exact) {
      b.copiedContent("selection", selected.digest());
    }
  }

  private static Optional<FileSet> fileSet(List<SourceInputs.Entry> entries) {
    boolean owners = !entries.isEmpty() && !entries.get(0).owner().isEmpty();
    List<FileEntry> out = new ArrayList<>();
    for (SourceInputs.Entry e : entries) {
      if (e.owner().isEmpty() == owners) {
        return Optional.empty();
      }
      FileEntry f;
      switch (e.type()) {
        case "file", "archive" -> {
          if (!Digest.isDigest(e.content())) {
            return Optional.empty();
          }
          f = FileEntry.file(e.path(), e.mode(), Digest.parse(e.content()));
        }
        case "dir" -> f = FileEntry.directory(e.path(), e.mode());
        case "symlink" -> f = FileEntry.symlink(e.path(), e.mode(), e.content());
        default -> {
          return Optional.empty();
        }
      }
      if (owners) {
        String[] ug = e.owner().split(":", 2);
        try {
          f = f.withOwner(Integer.parseInt(ug[0]), Integer.parseInt(ug[1]));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException bad) {
          return Optional.empty();
        }
      }
      out.add(f);
    }
    try {
      return Optional.of(FileSet.of(out, owners));
    } catch (IllegalArgumentException duplicate) {
      return Optional.empty();
    }
  }

  private Map<String, String> mountIdentity(
      Mount m, Step step, StepSources sources, Map<Origin, CacheKey> stageKeys) {
    Map<String, String> id = new TreeMap<>();
    id.put("type", m.type().value());
    if (m.type() == MountType.CACHE || m.type() == MountType.SECRET) {
      id.put("id", m.id());
      m.sharing().ifPresent(s -> id.put("sharing", s.value()));
    }
    if (m.type() == MountType.BIND) {
      id.put("source", m.source());
      id.put("rw", Boolean.toString(!m.readOnly()));
      if (m.from().isEmpty()) {
        id.put("context", files.contextDigest(sources.context(), m.source()));
      } else {
        Origin origin = step.origins().get(m.from());
        CacheKey key = stageKeys.get(origin);
        id.put("from", key != null ? key.toString() : origin.toString());
      }
    }
    m.mode().ifPresent(v -> id.put("mode", Long.toOctalString(v)));
    m.uid().ifPresent(v -> id.put("uid", Long.toString(v)));
    m.gid().ifPresent(v -> id.put("gid", Long.toString(v)));
    m.sizeBytes().ifPresent(v -> id.put("size", Long.toString(v)));
    m.env().ifPresent(v -> id.put("env", v));
    return id;
  }

  /** The local entry for {@code key}, else one imported from {@code --cache-from}. */
  Optional<CacheEntry> lookup(CacheKey key) throws IOException {
    Optional<CacheEntry> local = index.lookup(key);
    return local.isPresent() ? local : remote.lookup(key);
  }

  void record(CacheEntry entry) throws IOException {
    index.record(entry);
  }

  Optional<BuildRecord> previous(String stage) throws IOException {
    return index.builds().latest(dockerfile, stage);
  }

  /** Why the last of {@code soFar} missed, against the previous build of the stage. */
  String explain(
      String stage, List<RecordedStep> soFar, Set<Integer> hits, Optional<BuildRecord> previous) {
    BuildRecord current = BuildRecord.of(dockerfile, stage, Instant.EPOCH, soFar);
    return explainer.explainLast(current, hits, previous).summary();
  }

  /**
   * The layers that step {@code stepIndex} made in {@code previous}, the build misses are explained
   * against: what that step most likely makes again, a few files apart.
   */
  List<CachedLayer> previousLayers(Optional<BuildRecord> previous, int stepIndex)
      throws IOException {
    Optional<RecordedStep> step = previous.flatMap(r -> r.step(stepIndex));
    if (step.isEmpty()) {
      return List.of();
    }
    return index.lookup(step.get().key()).map(CacheEntry::layers).orElse(List.of());
  }

  void save(String stage, List<RecordedStep> steps) throws IOException {
    index.builds().save(BuildRecord.of(dockerfile, stage, Instant.now(), steps));
  }
}
