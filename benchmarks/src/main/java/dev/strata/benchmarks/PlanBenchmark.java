package dev.strata.benchmarks;

import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.instructions.Dockerfile;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.plan.BaseImages;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.PlanOptions;
import dev.strata.plan.Planner;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses and plans a generated Dockerfile of {@link #INSTRUCTIONS} instructions over four stages,
 * with heredocs, continuations, ARG/ENV expansions and COPY --from; instructions per second is
 * {@code INSTRUCTIONS * 1000 / score} (score in ms per Dockerfile).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {
  static final int STAGES = 4;
  static final int BLOCKS_PER_STAGE = 20;

  /** Instructions in the generated Dockerfile: the global ARGs, then per stage FROM and blocks. */
  public static final int INSTRUCTIONS = 2 + STAGES * (1 + BLOCKS_PER_STAGE * 8);

  String text;
  PlanOptions options;

  @Setup
  public void setUp() {
    text = generate();
    options = PlanOptions.defaults().withBuildArgs(Map.of("VERSION", "2.0"));
    int counted = parseAndPlan().stages().stream().mapToInt(s -> s.steps().size() + 1).sum();
    if (counted + 2 != INSTRUCTIONS) {
      throw new IllegalStateException("expected " + INSTRUCTIONS + " instructions, got " + counted);
    }
  }

  @Benchmark
  public BuildPlan parseAndPlan() {
    Dockerfile dockerfile = InstructionParser.parse(DockerfileParser.parse(text, "Dockerfile"));
    return Planner.plan(dockerfile, options, BaseImages.UNKNOWN);
  }

  static String generate() {
    StringBuilder df = new StringBuilder("ARG BASE=busybox\nARG VERSION=1.0\n");
    for (int s = 0; s < STAGES; s++) {
      df.append("FROM ${BASE}:latest AS stage").append(s).append('\n');
      for (int b = 0; b < BLOCKS_PER_STAGE; b++) {
        df.append("ARG VERSION\n");
        df.append("ENV APP_")
            .append(b)
            .append("=/opt/app/${VERSION}/")
            .append(b)
            .append(" \\\n    MODE=${MODE:-release}\n");
        df.append("WORKDIR ${APP_").append(b).append("}\n");
        df.append("RUN set -e; \\\n    echo building ").append(b).append(" \\\n    && make all\n");
        df.append("COPY --chmod=0755 <<EOF /usr/local/bin/run")
            .append(b)
            .append("\n#!/bin/sh\necho ${APP_")
            .append(b)
            .append("} ${VERSION%%.*}\nEOF\n");
        df.append("LABEL version.").append(b).append("=\"${VERSION}\" mode=$MODE\n");
        df.append(
            s > 0
                ? "COPY --from=stage" + (s - 1) + " /usr/local/bin/run" + b + " ./\n"
                : "COPY src/" + b + " ./\n");
        df.append("EXPOSE 80").append(b % 10).append("/tcp\n");
      }
    }
    return df.toString();
  }
}
