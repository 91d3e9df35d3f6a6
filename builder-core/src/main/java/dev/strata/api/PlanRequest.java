package dev.strata.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to plan: a build context and its Dockerfile, with the options of docker build that change
 * the plan.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile; empty means {@code Dockerfile} in the context
 * @param dockerfileText the Dockerfile's text when it does not come from a file ({@code -f -});
 *     takes precedence over {@code dockerfile}
 * @param buildArgs {@code --build-arg} values by name
 * @param target {@code --target}
 * @param platform {@code --platform} ({@code os/arch[/variant]}); empty for the host's
 */
public record PlanRequest(
    Path context,
    Optional<Path> dockerfile,
    Optional<String> dockerfileText,
    Map<String, String> buildArgs,
    Optional<String> target,
    Optional<String> platform) {
  public PlanRequest {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(dockerfileText, "dockerfileText");
    buildArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(platform, "platform");
  }

  /** A request for {@code context/Dockerfile} with no options. */
  public static PlanRequest of(Path context) {
    return new PlanRequest(
        context, Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
  }
}
