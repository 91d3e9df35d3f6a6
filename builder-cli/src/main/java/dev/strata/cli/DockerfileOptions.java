package dev.strata.cli;

import dev.strata.api.PlanRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options {@code parse} and {@code build} share: which Dockerfile, build args, target. */
final class DockerfileOptions {
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

  @Option(names = "--target", paramLabel = "STAGE", description = "Stop at this stage.")
  String target;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description = "The target platform (default: this machine's).")
  String platform;

  /** The plan request for {@code context}; reads standard input for {@code -f -}. */
  PlanRequest request(Path context, CommandSpec spec) throws IOException {
    Optional<String> text = Optional.empty();
    Optional<Path> dockerfile = Optional.empty();
    if ("-".equals(file)) {
      text = Optional.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
    } else if (file != null) {
      dockerfile = Optional.of(Path.of(file));
    }
    return new PlanRequest(
        context,
        dockerfile,
        text,
        BuildArgs.parse(buildArgs, System::getenv, spec),
        Optional.ofNullable(target),
        Optional.ofNullable(platform));
  }
}
