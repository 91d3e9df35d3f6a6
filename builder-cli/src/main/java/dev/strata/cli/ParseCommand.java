package dev.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.api.Builder;
import dev.strata.api.PlanReport;
import dev.strata.api.PlanRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The Dockerfile (default: CONTEXT/Dockerfile; - reads standard input).")
  String file;

  @Option(
      names = "--build-arg",
      paramLabel = "NAME[=VALUE]",
      description = "Set a build argument; NAME alone takes its value from the environment.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Plan up to this stage.")
  String target;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "The target platform (default: this machine's).")
  String platform;

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
    Optional<String> text = Optional.empty();
    Optional<Path> dockerfile = Optional.empty();
    if ("-".equals(file)) {
      text = Optional.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
    } else if (file != null) {
      dockerfile = Optional.of(Path.of(file));
    }
    PlanReport report =
        Builder.create()
            .plan(
                new PlanRequest(
                    context,
                    dockerfile,
                    text,
                    BuildArgs.parse(buildArgs, System::getenv, spec),
                    Optional.ofNullable(target),
                    Optional.ofNullable(platform)));
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
