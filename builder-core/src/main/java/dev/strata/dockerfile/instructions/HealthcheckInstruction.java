package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.Node;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [--interval=...] [--timeout=...]
 * [--start-period=...] [--start-interval=...] [--retries=N] CMD command}.
 *
 * @param test the test as the image config stores it: {@code ["NONE"]}, {@code ["CMD", args...]}
 *     for exec form or {@code ["CMD-SHELL", command]} for shell form (unexpanded)
 * @param interval the interval, when given (zero means the default)
 * @param timeout the timeout, when given
 * @param startPeriod the start period, when given
 * @param startInterval the start interval, when given
 * @param retries the number of retries, when given
 */
public record HealthcheckInstruction(
    Node node,
    List<String> test,
    Optional<Duration> interval,
    Optional<Duration> timeout,
    Optional<Duration> startPeriod,
    Optional<Duration> startInterval,
    Optional<Integer> retries)
    implements Instruction {
  public HealthcheckInstruction {
    Objects.requireNonNull(node, "node");
    test = List.copyOf(test);
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(startPeriod, "startPeriod");
    Objects.requireNonNull(startInterval, "startInterval");
    Objects.requireNonNull(retries, "retries");
  }

  /** Whether this is {@code HEALTHCHECK NONE}, which disables any inherited check. */
  public boolean disabled() {
    return test.size() == 1 && test.get(0).equals("NONE");
  }
}
