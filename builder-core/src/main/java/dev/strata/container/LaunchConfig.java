package dev.strata.container;

import dev.strata.StrataException;
import dev.strata.image.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container runs, from the image config overridden by the run flags as docker does: an
 * {@code --entrypoint} replaces the image's Entrypoint and drops its Cmd; a command given on the
 * command line replaces Cmd; {@code -e} entries replace image entries of the same name; {@code -w}
 * and {@code -u} replace WorkingDir and User.
 */
public record LaunchConfig(List<String> args, List<String> env, String workdir, String user) {
  public LaunchConfig {
    args = List.copyOf(args);
    env = List.copyOf(env);
  }

  /** The flags of {@code strata run} that change what the image would run. */
  public record Overrides(
      Optional<String> entrypoint,
      List<String> command,
      List<String> env,
      Optional<String> workdir,
      Optional<String> user) {
    public Overrides {
      command = List.copyOf(command);
      env = List.copyOf(env);
    }
  }

  /** The process for {@code image} run with {@code flags}; {@code image} names it in messages. */
  public static LaunchConfig resolve(ContainerConfig config, Overrides flags, String image) {
    List<String> args = new ArrayList<>();
    if (flags.entrypoint().isPresent()) {
      if (!flags.entrypoint().get().isEmpty()) {
        args.add(flags.entrypoint().get());
      }
      args.addAll(flags.command());
    } else {
      args.addAll(orEmpty(config.entrypoint()));
      args.addAll(flags.command().isEmpty() ? orEmpty(config.cmd()) : flags.command());
    }
    if (args.isEmpty()) {
      throw new StrataException(
          "no command specified: image " + image + " has no Entrypoint or Cmd");
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : orEmpty(config.env())) {
      put(env, e, "image " + image);
    }
    for (String e : flags.env()) {
      put(env, e, "-e");
    }
    List<String> entries = new ArrayList<>();
    env.forEach((k, v) -> entries.add(k + "=" + v));
    String workdir = flags.workdir().orElse(blankToNull(config.workingDir()));
    if (workdir == null) {
      workdir = "/";
    }
    if (!workdir.startsWith("/")) {
      throw new StrataException("working directory must be absolute: \"" + workdir + "\"");
    }
    String user = flags.user().orElse(blankToNull(config.user()));
    return new LaunchConfig(args, entries, workdir, user == null ? "root" : user);
  }

  private static void put(Map<String, String> env, String entry, String where) {
    int eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new StrataException(
          "invalid environment entry \"" + entry + "\" in " + where + ": use KEY=VALUE");
    }
    env.remove(entry.substring(0, eq));
    env.put(entry.substring(0, eq), entry.substring(eq + 1));
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
