package dev.strata.cache;

import dev.strata.cache.MissReason.Kind;
import dev.strata.context.ContextEntry;
import dev.strata.context.EntryType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Says, for every step of a stage that missed the cache, what changed against the latest earlier
 * build of the same Dockerfile and stage: which file (added, removed, content, type, mode, owner,
 * link target), which build argument or environment variable (by name; values only as changed), the
 * instruction text, the base image, a mount or setting, or that the parent changed because an
 * earlier step missed. Steps are compared by position: step {@code n} against the earlier build's
 * step {@code n}.
 *
 * <p>A step whose parent changed gets a {@code parent changed} reason pointing at the first step
 * that missed with a new key, plus any change of its own. A step whose key equals the earlier
 * build's missed because the entry is gone. FROM steps (index 0) are never explained: they are not
 * looked up; a change of base shows in the first step after them.
 */
public final class MissExplainer {
  /** File reasons listed per step before the rest are summarised in one line. */
  public static final int DEFAULT_FILE_LIMIT = 20;

  private final int fileLimit;

  public MissExplainer() {
    this(DEFAULT_FILE_LIMIT);
  }

  /** An explainer that lists at most {@code fileLimit} file changes per step. */
  public MissExplainer(int fileLimit) {
    if (fileLimit < 1) {
      throw new IllegalArgumentException("file limit must be at least 1: " + fileLimit);
    }
    this.fileLimit = fileLimit;
  }

  /**
   * Explains every step of {@code current} that missed.
   *
   * @param current this build's record of the stage (keys and inputs of every step)
   * @param cached the indexes of the steps that were cache hits
   * @param previous the latest earlier record of the same Dockerfile and stage
   * @return one explanation per missed step other than FROM, in step order
   */
  public List<MissExplanation> explain(
      BuildRecord current, Set<Integer> cached, Optional<BuildRecord> previous) {
    Objects.requireNonNull(cached, "cached");
    List<MissExplanation> out = new ArrayList<>();
    for (RecordedStep step : current.steps()) {
      if (step.inputs().kind() == StepKind.FROM || cached.contains(step.index())) {
        continue;
      }
      out.add(new MissExplanation(step.index(), reasons(current, cached, previous, step)));
    }
    return out;
  }

  /**
   * Explains the last step of {@code soFar}, which missed, while the stage is still being built:
   * for progress lines that say why a step runs as it starts.
   *
   * @param soFar this build's steps of the stage up to and including the one that missed
   * @param cached the indexes of the steps so far that were cache hits
   * @param previous the latest earlier record of the same Dockerfile and stage
   */
  public MissExplanation explainLast(
      BuildRecord soFar, Set<Integer> cached, Optional<BuildRecord> previous) {
    if (soFar.steps().isEmpty()) {
      throw new IllegalArgumentException("no step to explain");
    }
    RecordedStep last = soFar.steps().get(soFar.steps().size() - 1);
    return new MissExplanation(last.index(), reasons(soFar, cached, previous, last));
  }

  private List<MissReason> reasons(
      BuildRecord current, Set<Integer> cached, Optional<BuildRecord> previous, RecordedStep c) {
    if (previous.isEmpty()) {
      return List.of(
          new MissReason(
              Kind.NO_EARLIER_BUILD,
              "",
              "no earlier build of "
                  + current.dockerfile()
                  + " stage "
                  + current.stage()
                  + " to compare with"));
    }
    BuildRecord prev = previous.get();
    if (prev.keyVersion() != current.keyVersion()) {
      return List.of(
          new MissReason(
              Kind.KEY_FORMAT,
              "",
              "the earlier build used cache key format v"
                  + prev.keyVersion()
                  + ", this one v"
                  + current.keyVersion()));
    }
    Optional<RecordedStep> same = prev.step(c.index());
    if (same.isEmpty()) {
      int last = prev.steps().isEmpty() ? 0 : prev.steps().get(prev.steps().size() - 1).index();
      return List.of(
          new MissReason(
              Kind.NEW_STEP,
              "",
              "step " + c.index() + " is new: the earlier build ended at step " + last));
    }
    RecordedStep p = same.get();
    if (p.key().equals(c.key())) {
      return List.of(
          new MissReason(
              Kind.ENTRY_GONE,
              "",
              "same key as the earlier build, but its cache entry is gone (pruned or dropped by"
                  + " system check)"));
    }
    List<MissReason> reasons = new ArrayList<>();
    if (!p.parent().equals(c.parent())) {
      reasons.addAll(parentReasons(current, cached, prev, c));
    }
    reasons.addAll(diff(p.inputs(), c.inputs()));
    if (reasons.isEmpty()) {
      boolean reordered =
          new HashSet<>(p.inputs().inputs()).equals(new HashSet<>(c.inputs().inputs()));
      reasons.add(
          new MissReason(
              Kind.INPUT_ORDER,
              "",
              reordered
                  ? "the same inputs in another order"
                  : "the key differs from the earlier build's"));
    }
    return reasons;
  }

  /** Why the parent's key differs: the first step before {@code c} whose key changed. */
  private List<MissReason> parentReasons(
      BuildRecord current, Set<Integer> cached, BuildRecord prev, RecordedStep c) {
    RecordedStep firstChanged = null;
    RecordedStep firstMissed = null;
    for (RecordedStep s : current.steps()) {
      if (s.index() >= c.index()) {
        break;
      }
      Optional<RecordedStep> ps = prev.step(s.index());
      boolean changed = ps.isEmpty() || !ps.get().key().equals(s.key());
      if (!changed) {
        continue;
      }
      if (firstChanged == null) {
        firstChanged = s;
      }
      if (firstMissed == null
          && s.inputs().kind() != StepKind.FROM
          && !cached.contains(s.index())) {
        firstMissed = s;
      }
    }
    if (firstMissed != null) {
      return List.of(
          new MissReason(
              Kind.PARENT_CHANGED, "", "parent changed: " + firstMissed.describe() + " missed"));
    }
    if (firstChanged != null && firstChanged.inputs().kind() == StepKind.FROM) {
      Optional<RecordedStep> pf = prev.step(firstChanged.index());
      List<MissReason> base =
          pf.isPresent() ? diff(pf.get().inputs(), firstChanged.inputs()) : List.of();
      if (!base.isEmpty()) {
        return base;
      }
      return List.of(
          new MissReason(
              Kind.PARENT_CHANGED, "", "parent changed: " + firstChanged.describe() + " changed"));
    }
    if (firstChanged != null) {
      return List.of(
          new MissReason(
              Kind.PARENT_CHANGED,
              "",
              "parent changed: "
                  + firstChanged.describe()
                  + " hit another build's cache entry with a different key"));
    }
    return List.of(
        new MissReason(
            Kind.PARENT_CHANGED, "", "parent changed: its key differs from the earlier build's"));
  }

  /** What differs between two steps' inputs, one reason per change. */
  List<MissReason> diff(StepInputs prev, StepInputs cur) {
    List<MissReason> out = new ArrayList<>();
    StepInput was = prev.find(InputKind.INSTRUCTION, "").orElse(null);
    StepInput now = cur.find(InputKind.INSTRUCTION, "").orElse(null);
    if (prev.kind() != cur.kind() || !Objects.equals(was, now)) {
      out.add(
          new MissReason(
              Kind.INSTRUCTION,
              "instruction",
              was == null && now == null
                  ? prev.kind() + " -> " + cur.kind()
                  : shown(was) + " -> " + shown(now)));
    }
    if (prev.kind() != cur.kind()) {
      return out;
    }
    int[] fileBudget = {fileLimit};
    int[] moreFiles = {0};
    for (StepInput ci : cur.inputs()) {
      if (isInstruction(ci)) {
        continue;
      }
      StepInput pi = prev.find(ci.kind(), ci.name()).orElse(null);
      if (pi == null) {
        out.add(added(ci));
      } else if (!pi.equals(ci)) {
        changed(pi, ci, out, fileBudget, moreFiles);
      }
    }
    for (StepInput pi : prev.inputs()) {
      if (!isInstruction(pi) && cur.find(pi.kind(), pi.name()).isEmpty()) {
        out.add(new MissReason(Kind.INPUT_REMOVED, pi.id(), "removed"));
      }
    }
    if (moreFiles[0] > 0) {
      out.add(
          new MissReason(
              Kind.MORE_FILES,
              "",
              "and " + moreFiles[0] + " more file change" + (moreFiles[0] == 1 ? "" : "s")));
    }
    return out;
  }

  private static String shown(StepInput instruction) {
    return instruction == null ? "none" : MissReason.quote(((StepInput.Text) instruction).value());
  }

  /** The instruction text, which {@link #diff} compares first and on its own. */
  private static boolean isInstruction(StepInput i) {
    return i.kind() == InputKind.INSTRUCTION && i.name().isEmpty();
  }

  private static MissReason added(StepInput ci) {
    String detail =
        switch (ci.kind().form()) {
          case TEXT -> "added " + MissReason.quote(((StepInput.Text) ci).value());
          case CONTENT -> "added " + ((StepInput.Content) ci).digest();
          case HIDDEN -> "added";
          case FILES -> "added (" + ((StepInput.Files) ci).files().entries().size() + " entries)";
        };
    return new MissReason(Kind.INPUT_ADDED, ci.id(), detail);
  }

  private void changed(
      StepInput pi, StepInput ci, List<MissReason> out, int[] fileBudget, int[] moreFiles) {
    if (ci instanceof StepInput.Text t) {
      out.add(
          new MissReason(
              Kind.TEXT_CHANGED,
              ci.id(),
              MissReason.quote(((StepInput.Text) pi).value())
                  + " -> "
                  + MissReason.quote(t.value())));
    } else if (ci instanceof StepInput.Hidden) {
      out.add(new MissReason(Kind.VALUE_CHANGED, ci.id(), "value changed"));
    } else if (ci instanceof StepInput.Content c) {
      out.add(
          new MissReason(
              Kind.CONTENT_CHANGED,
              ci.id(),
              ((StepInput.Content) pi).digest() + " -> " + c.digest()));
    } else {
      FileSet was = ((StepInput.Files) pi).files();
      FileSet now = ((StepInput.Files) ci).files();
      List<MissReason> files = new ArrayList<>();
      if (was.withOwners() != now.withOwners()) {
        out.add(
            new MissReason(
                Kind.FILE_OWNERSHIP,
                ci.id(),
                now.withOwners() ? "file owners now count" : "file owners no longer count"));
      }
      files(was, now, files);
      for (MissReason r : files) {
        if (fileBudget[0] > 0) {
          out.add(r);
          fileBudget[0]--;
        } else {
          moreFiles[0]++;
        }
      }
    }
  }

  /** File by file, in path order. */
  private static void files(FileSet was, FileSet now, List<MissReason> out) {
    List<FileEntry> a = was.entries();
    List<FileEntry> b = now.entries();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      int cmp =
          i == a.size()
              ? 1
              : j == b.size()
                  ? -1
                  : ContextEntry.PATH_ORDER.compare(a.get(i).path(), b.get(j).path());
      if (cmp < 0) {
        out.add(new MissReason(Kind.FILE_REMOVED, "file " + a.get(i).path(), "removed"));
        i++;
      } else if (cmp > 0) {
        out.add(new MissReason(Kind.FILE_ADDED, "file " + b.get(j).path(), "added"));
        j++;
      } else {
        file(a.get(i++), b.get(j++), out);
      }
    }
  }

  private static void file(FileEntry was, FileEntry now, List<MissReason> out) {
    String subject = "file " + now.path();
    if (was.type() != now.type()) {
      out.add(
          new MissReason(
              Kind.FILE_TYPE,
              subject,
              "type changed: " + type(was.type()) + " -> " + type(now.type())));
      return;
    }
    if (!was.content().equals(now.content())) {
      out.add(new MissReason(Kind.FILE_CONTENT, subject, "content changed"));
    }
    if (!was.linkTarget().equals(now.linkTarget())) {
      out.add(
          new MissReason(
              Kind.FILE_LINK_TARGET,
              subject,
              "link target changed: "
                  + MissReason.quote(was.linkTarget().orElse(""))
                  + " -> "
                  + MissReason.quote(now.linkTarget().orElse(""))));
    }
    if (was.mode() != now.mode()) {
      out.add(
          new MissReason(
              Kind.FILE_MODE,
              subject,
              String.format("mode changed: %04o -> %04o", was.mode(), now.mode())));
    }
    if (was.owner().isPresent() && now.owner().isPresent() && !was.owner().equals(now.owner())) {
      out.add(
          new MissReason(
              Kind.FILE_OWNER,
              subject,
              "owner changed: " + was.owner().get() + " -> " + now.owner().get()));
    }
  }

  private static String type(EntryType t) {
    return switch (t) {
      case FILE -> "file";
      case DIR -> "directory";
      case SYMLINK -> "symlink";
      case OTHER -> "special file";
    };
  }

  /** For tests: the diff of two inputs, unlimited. */
  static List<MissReason> diffAll(StepInputs prev, StepInputs cur) {
    return new MissExplainer(Integer.MAX_VALUE).diff(prev, cur);
  }
}
