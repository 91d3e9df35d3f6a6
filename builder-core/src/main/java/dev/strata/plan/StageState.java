package dev.strata.plan;

import dev.strata.image.ContainerConfig;
import dev.strata.image.Platform;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The mutable state of a stage while the planner walks its instructions. */
final class StageState {
  private final LinkedHashMap<String, String> env = new LinkedHashMap<>();

  /** Declared ARGs in order; a declared ARG without a value maps to empty. */
  private final LinkedHashMap<String, Optional<String>> args = new LinkedHashMap<>();

  private Map<String, String> proxyArgs = Map.of();
  private String workdir;
  private String user;
  private List<String> shell;
  private final Platform platform;

  private StageState(String workdir, String user, List<String> shell, Platform platform) {
    this.workdir = workdir;
    this.user = user;
    this.shell = shell;
    this.platform = platform;
  }

  /** A stage starting from an image, or from scratch with the empty config. */
  static StageState fromImage(ContainerConfig config, Platform platform) {
    String workdir =
        config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
    StageState state =
        new StageState(
            workdir,
            config.user() == null ? "" : config.user(),
            config.shell() == null || config.shell().isEmpty()
                ? Planner.DEFAULT_SHELL
                : config.shell(),
            platform);
    if (config.env() != null) {
      config.env().forEach(state::putEntry);
    }
    if (!state.env.containsKey("PATH")) {
      state.putEntry(Planner.DEFAULT_PATH);
    }
    return state;
  }

  /** A stage built FROM another stage: its environment, not its ARGs, which end with the stage. */
  static StageState from(StepScope parent, Platform platform) {
    StageState state = new StageState(parent.workdir(), parent.user(), parent.shell(), platform);
    parent.env().forEach(state::putEntry);
    return state;
  }

  /** {@code path} made absolute against {@code workdir} and cleaned, as WORKDIR does. */
  static String resolve(String workdir, String path) {
    String joined = path.startsWith("/") ? path : workdir + "/" + path;
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  private void putEntry(String entry) {
    int eq = entry.indexOf('=');
    env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
  }

  void setEnv(String name, String value) {
    env.put(name, value);
  }

  void declareArg(String name, Optional<String> value) {
    args.remove(name); // a re-declaration moves to the end, as it is the latest
    args.put(name, value);
  }

  void proxyArgs(Map<String, String> proxies) {
    this.proxyArgs = proxies;
  }

  void workdir(String path) {
    this.workdir = path;
  }

  void user(String name) {
    this.user = name;
  }

  void shell(List<String> command) {
    this.shell = List.copyOf(command);
  }

  /** The values words may use: args with values, overridden by ENV of the same name. */
  Map<String, String> variables() {
    Map<String, String> vars = new LinkedHashMap<>(proxyArgs);
    args.forEach((k, v) -> v.ifPresent(value -> vars.put(k, value)));
    vars.putAll(env);
    return vars;
  }

  /** Every name in scope, set or not, so that only truly unknown names are reported. */
  Set<String> knownNames() {
    Set<String> names = new HashSet<>(env.keySet());
    names.addAll(args.keySet());
    names.addAll(proxyArgs.keySet());
    return names;
  }

  StepScope scope() {
    Map<String, String> argValues = new LinkedHashMap<>();
    args.forEach((k, v) -> v.ifPresent(value -> argValues.put(k, value)));
    Map<String, String> undeclaredProxies = new LinkedHashMap<>(proxyArgs);
    undeclaredProxies.keySet().removeAll(args.keySet());
    return new StepScope(
        env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
        argValues,
        undeclaredProxies,
        workdir,
        user,
        shell,
        platform);
  }
}
