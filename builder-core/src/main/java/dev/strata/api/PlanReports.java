package dev.strata.api;

import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.AddInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.Origin;
import dev.strata.plan.PlannedStage;
import dev.strata.plan.Step;
import java.util.List;
import java.util.Map;

/** Turns a {@link BuildPlan} into the report the API hands out. */
final class PlanReports {
  private PlanReports() {}

  static PlanReport of(BuildPlan plan) {
    return new PlanReport(
        plan.fileName(),
        plan.targetStage().label(),
        plan.stages().stream().map(PlanReports::stage).toList(),
        plan.warnings());
  }

  private static PlanReport.Stage stage(PlannedStage stage) {
    String kind =
        stage.base() instanceof Origin.Stage
            ? "stage"
            : stage.base() instanceof Origin.Scratch ? "scratch" : "image";
    String base = stage.base() instanceof Origin.Stage s ? s.label() : stage.base().toString();
    return new PlanReport.Stage(
        stage.index(),
        stage.name().orElse(null),
        base,
        kind,
        stage.platform().toString(),
        stage.fromLine(),
        List.copyOf(stage.dependencies()),
        stage.steps().stream().map(PlanReports::step).toList());
  }

  private static PlanReport.Step step(Step step) {
    Instruction instruction = step.instruction();
    boolean run = instruction instanceof RunInstruction;
    return new PlanReport.Step(
        step.index(),
        step.startLine(),
        step.endLine(),
        step.keyword(),
        step.text(),
        heredocs(instruction).stream()
            .map(h -> new PlanReport.Heredoc(h.name(), h.content()))
            .toList(),
        run ? step.scope().args() : Map.of(),
        step.scope().workdir(),
        step.trigger());
  }

  private static List<Heredoc> heredocs(Instruction instruction) {
    if (instruction instanceof RunInstruction run) {
      return run.heredocs();
    }
    if (instruction instanceof CopyInstruction copy) {
      return copy.heredocSources();
    }
    if (instruction instanceof AddInstruction add) {
      return add.heredocSources();
    }
    return List.of();
  }
}
