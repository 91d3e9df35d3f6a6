package dev.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.api.Builder;
import dev.strata.api.PlanReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata parse}: prints the build plan of a Dockerfile without building anything. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parse a Dockerfile and print its build plan: the stages the target needs and each step",
      "with its line and its arguments expanded as a build would use them."
    })
final class ParseCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Mixin DockerfileOptions dockerfile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CONTEXT",
      description = "The build context directory (default: the current directory).")
  Path context = Path.of(".");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PlanReport report = Builder.create().plan(dockerfile.request(context, spec));
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      PlanText.print(report, out);
    }
    PrintWriter err = spec.commandLine().getErr();
    report.warnings().forEach(w -> err.println("warning: " + w));
    out.flush();
    err.flush();
    return 0;
  }
}
