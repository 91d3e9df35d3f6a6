package dev.strata.cache;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Says why a step missed, by comparing it with the same step of the previous build of the same
 * Dockerfile and stage: which file (added, removed, content, mode, owner, type or link target),
 * which build arg or environment value (by name only), which instruction text, base image, user,
 * workdir, network or mount; or that its parent changed, naming the first step that missed.
 */
public final class MissExplainer {
  private static final int MAX_DETAILS = 6;

  private MissExplainer() {}

  /**
   * @param index the step's 1-based index in the stage
   * @param parent the key the step continues from
   * @param inputs what its key covers
   * @param previous the previous build of the stage, if any
   * @param firstMiss the text and index of the first step of this stage that missed in this build
   *     when it came before this one
   */
  public static String explain(
      int index,
      CacheKey parent,
      StepInputs inputs,
      Optional<BuildRecord> previous,
      Optional<String> firstMiss) {
    if (previous.isEmpty()) {
      return "no earlier build of this Dockerfile and stage";
    }
    List<BuildRecord.RecordedStep> steps = previous.get().steps();
    if (index > steps.size()) {
      return "new step (the earlier build of this stage had " + steps.size() + ")";
    }
    BuildRecord.RecordedStep before = steps.get(index - 1);
    List<String> changes = differences(before.inputs(), inputs);
    if (!changes.isEmpty()) {
      return summarize(changes);
    }
    if (!before.parent().equals(parent.toString())) {
      return "parent changed: " + firstMiss.orElse("the stage's base changed");
    }
    return "same inputs as the earlier build, but its cache entry is gone (pruned or never"
        + " recorded)";
  }

  static List<String> differences(StepInputs before, StepInputs now) {
    List<String> out = new ArrayList<>();
    if (!before.kind().equals(now.kind())) {
      out.add("instruction changed from " + before.kind() + " to " + now.kind());
      return out;
    }
    Map<String, String> a = before.byName();
    Map<String, String> b = now.byName();
    Set<String> names = new LinkedHashSet<>(a.keySet());
    names.addAll(b.keySet());
    for (String name : names) {
      String was = a.get(name);
      String is = b.get(name);
      if (was != null && was.equals(is)) {
        continue;
      }
      out.add(describe(name, was, is));
    }
    return out;
  }

  private static String describe(String name, String was, String is) {
    int colon = name.indexOf(':');
    String kind = colon < 0 ? name : name.substring(0, colon);
    String detail = colon < 0 ? "" : name.substring(colon + 1);
    String change = was == null ? "added" : is == null ? "removed" : "changed";
    switch (kind) {
      case "file":
        return "file " + detail + " " + (was == null || is == null ? change : fileChange(was, is));
      case "env":
        return "build arg or env " + detail + " " + change;
      case "instruction":
        return "instruction text changed (was: " + was + ")";
      case "base":
        return "base image changed (" + shortOf(was) + " -> " + shortOf(is) + ")";
      default:
        return name
            + " "
            + change
            + (was != null && is != null ? " (" + was + " -> " + is + ")" : "");
    }
  }

  /** File values are {@code type mode content owner}; say which of them differ. */
  private static String fileChange(String was, String is) {
    String[] a = was.split(" ", -1);
    String[] b = is.split(" ", -1);
    String[] what = {"type", "mode", "content", "owner"};
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < what.length; i++) {
      String x = i < a.length ? a[i] : "";
      String y = i < b.length ? b[i] : "";
      if (!x.equals(y)) {
        changed.add(
            i == 2 && (a[0].equals("symlink") || b[0].equals("symlink")) ? "link target" : what[i]);
      }
    }
    return String.join(" and ", changed) + " changed";
  }

  private static String shortOf(String digest) {
    return digest == null ? "none" : digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  private static String summarize(List<String> changes) {
    if (changes.size() <= MAX_DETAILS) {
      return String.join("; ", changes);
    }
    return String.join("; ", changes.subList(0, MAX_DETAILS))
        + "; and "
        + (changes.size() - MAX_DETAILS)
        + " more";
  }
}
