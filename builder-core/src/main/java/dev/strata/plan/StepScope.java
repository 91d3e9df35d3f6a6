package dev.strata.plan;

import dev.strata.image.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state a step runs in, as left by the stage's base and the steps before it.
 *
 * @param env the image environment ({@code NAME=value}, in order), from the base and ENV
 * @param args the build arguments in scope that have a value, by name, in declaration order
 * @param proxyArgs the predefined proxy arguments given with --build-arg but not declared: RUN sees
 *     them, yet like docker strata keeps them out of history and cache keys
 * @param workdir the absolute working directory
 * @param user the user, as written after expansion; empty for the image default
 * @param shell the SHELL for shell-form commands
 * @param platform the stage's platform
 */
public record StepScope(
    List<String> env,
    Map<String, String> args,
    Map<String, String> proxyArgs,
    String workdir,
    String user,
    List<String> shell,
    Platform platform) {
  public StepScope {
    env = List.copyOf(env);
    args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    proxyArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(proxyArgs));
    Objects.requireNonNull(workdir, "workdir");
    Objects.requireNonNull(user, "user");
    shell = List.copyOf(shell);
    Objects.requireNonNull(platform, "platform");
  }

  /**
   * The environment a RUN step sees: the image environment, then every build argument in scope that
   * no ENV of the same name shadows, then undeclared proxy arguments.
   */
  public List<String> runEnvironment() {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String entry : env) {
      int eq = entry.indexOf('=');
      merged.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    args.forEach(merged::putIfAbsent);
    proxyArgs.forEach(merged::putIfAbsent);
    return merged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
