package dev.strata.cache;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why one step missed: at least one {@link MissReason}, one line each.
 *
 * @param index the step's position in its stage
 * @param reasons the reasons, most fundamental first
 */
public record MissExplanation(int index, List<MissReason> reasons) {
  public MissExplanation {
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a miss explanation needs a reason: step " + index);
    }
  }

  /** The reasons on one line, separated by {@code "; "}: the metadata file's {@code missReason}. */
  public String summary() {
    return reasons.stream().map(MissReason::toString).collect(Collectors.joining("; "));
  }

  /** One reason per line, as {@code --explain} prints them under the step. */
  public List<String> lines() {
    return reasons.stream().map(MissReason::toString).toList();
  }
}
