package dev.strata.api;

import dev.strata.StrataException;
import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.ParsedDockerfile;
import dev.strata.dockerfile.instructions.Dockerfile;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.image.Platform;
import dev.strata.plan.BaseImages;
import dev.strata.plan.BuildPlan;
import dev.strata.plan.PlanOptions;
import dev.strata.plan.Planner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point for building images from Dockerfiles, for the CLI and for Java callers.
 *
 * <pre>{@code
 * PlanReport plan = Builder.create().plan(PlanRequest.of(Path.of("app")));
 * }</pre>
 */
public final class Builder {
  private Builder() {}

  /** A builder that plans without a store: base images are not looked up. */
  public static Builder create() {
    return new Builder();
  }

  /**
   * Parses and plans a Dockerfile, with everything expanded as a build would expand it.
   *
   * @throws StrataException for a missing context or Dockerfile, a malformed Dockerfile (with file
   *     and line), or bad options
   */
  public PlanReport plan(PlanRequest request) {
    BuildPlan plan = Planner.plan(read(request), options(request), BaseImages.UNKNOWN);
    return PlanReports.of(plan);
  }

  private static Dockerfile read(PlanRequest request) {
    Path context = request.context();
    if (!Files.isDirectory(context)) {
      throw new StrataException(
          "build context "
              + context
              + (Files.exists(context) ? " is not a directory" : " does not exist"));
    }
    ParsedDockerfile parsed =
        request.dockerfileText().isPresent()
            ? DockerfileParser.parse(request.dockerfileText().get(), "Dockerfile")
            : DockerfileParser.parse(request.dockerfile().orElse(context.resolve("Dockerfile")));
    return InstructionParser.parse(parsed);
  }

  private static PlanOptions options(PlanRequest request) {
    PlanOptions options = PlanOptions.defaults().withBuildArgs(request.buildArgs());
    if (request.target().isPresent()) {
      options = options.withTarget(request.target().get());
    }
    if (request.platform().isPresent()) {
      options = options.withTargetPlatform(Platform.parse(request.platform().get()));
    }
    return options;
  }
}
