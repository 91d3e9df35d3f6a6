package dev.strata.api;

import java.util.List;
import java.util.Map;

/**
 * A build plan as {@code strata parse} shows it: the stages the target needs and their steps, every
 * word expanded.
 *
 * @param dockerfile the Dockerfile's name
 * @param target the label (name or index) of the stage whose result is the image
 * @param stages the needed stages, each after the stages it depends on
 * @param warnings findings that do not stop a build
 */
public record PlanReport(
    String dockerfile, String target, List<Stage> stages, List<String> warnings) {
  public PlanReport {
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }

  /**
   * One stage.
   *
   * @param index its index in the Dockerfile
   * @param name its {@code AS} name, or null
   * @param base what FROM names, expanded
   * @param baseKind {@code image}, {@code stage} or {@code scratch}
   * @param platform the platform it builds for
   * @param line the FROM line
   * @param dependsOn the indexes of the stages it reads from
   * @param steps its instructions after FROM
   */
  public record Stage(
      int index,
      String name,
      String base,
      String baseKind,
      String platform,
      int line,
      List<Integer> dependsOn,
      List<Step> steps) {
    public Stage {
      dependsOn = List.copyOf(dependsOn);
      steps = List.copyOf(steps);
    }
  }

  /**
   * One step.
   *
   * @param index its 1-based position in the stage
   * @param line the first line of the instruction
   * @param endLine the last line, heredoc bodies included
   * @param instruction the keyword in upper case
   * @param text the instruction on one line, expanded
   * @param heredocs the heredoc bodies it uses, COPY/ADD bodies expanded
   * @param args for RUN, the build args in its environment
   * @param workdir the working directory it runs in
   * @param fromBaseTrigger whether an ONBUILD trigger of the base image added it
   */
  public record Step(
      int index,
      int line,
      int endLine,
      String instruction,
      String text,
      List<Heredoc> heredocs,
      Map<String, String> args,
      String workdir,
      boolean fromBaseTrigger) {
    public Step {
      heredocs = List.copyOf(heredocs);
      args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }
  }

  /** A here-document: its name and the body as it will be used. */
  public record Heredoc(String name, String content) {}
}
