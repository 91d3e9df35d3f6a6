package dev.strata.plan;

import dev.strata.image.Platform;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build asks of the planner besides the Dockerfile.
 *
 * @param buildArgs the {@code --build-arg} values by name
 * @param target the stage to build ({@code --target}); empty for the last stage
 * @param buildPlatform the platform the build runs on (BUILDPLATFORM)
 * @param targetPlatform the platform the image is for (TARGETPLATFORM), the default of every FROM
 */
public record PlanOptions(
    Map<String, String> buildArgs,
    Optional<String> target,
    Platform buildPlatform,
    Platform targetPlatform) {
  public PlanOptions {
    buildArgs = Map.copyOf(buildArgs);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(buildPlatform, "buildPlatform");
    Objects.requireNonNull(targetPlatform, "targetPlatform");
  }

  /** No build args, the last stage, and the host as both build and target platform. */
  public static PlanOptions defaults() {
    Platform host = Platform.host();
    return new PlanOptions(Map.of(), Optional.empty(), host, host);
  }

  public PlanOptions withBuildArgs(Map<String, String> args) {
    return new PlanOptions(args, target, buildPlatform, targetPlatform);
  }

  public PlanOptions withTarget(String stage) {
    return new PlanOptions(buildArgs, Optional.of(stage), buildPlatform, targetPlatform);
  }

  public PlanOptions withTargetPlatform(Platform platform) {
    return new PlanOptions(buildArgs, target, buildPlatform, platform);
  }
}
