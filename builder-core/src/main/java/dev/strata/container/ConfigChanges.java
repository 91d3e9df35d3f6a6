package dev.strata.container;

import dev.strata.StrataException;
import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.Node;
import dev.strata.dockerfile.ParsedDockerfile;
import dev.strata.dockerfile.instructions.CmdInstruction;
import dev.strata.dockerfile.instructions.CommandLine;
import dev.strata.dockerfile.instructions.EntrypointInstruction;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.ExposeInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.dockerfile.instructions.KeyValue;
import dev.strata.dockerfile.instructions.LabelInstruction;
import dev.strata.dockerfile.instructions.OnbuildInstruction;
import dev.strata.dockerfile.instructions.StopsignalInstruction;
import dev.strata.dockerfile.instructions.UserInstruction;
import dev.strata.dockerfile.instructions.VolumeInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.image.ContainerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -c} changes of {@code strata commit}: Dockerfile instructions that only change the
 * config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR, as
 * docker commit allows), applied in order to the image's config.
 */
public final class ConfigChanges {
  private static final String WHAT = "commit -c";
  private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  private ConfigChanges() {}

  /** {@code config} with each of {@code changes} applied in order. */
  public static ContainerConfig apply(ContainerConfig config, List<String> changes) {
    ContainerConfig result = config;
    for (String change : changes) {
      ParsedDockerfile parsed = DockerfileParser.parse(change + "\n", WHAT);
      if (parsed.nodes().size() != 1) {
        throw new StrataException(WHAT + ": \"" + change + "\" is not one instruction");
      }
      Node node = parsed.nodes().get(0);
      result = apply(result, InstructionParser.parseInstruction(node, WHAT), change);
    }
    return result;
  }

  private static ContainerConfig apply(ContainerConfig config, Instruction i, String text) {
    ContainerConfig.Builder b = config.toBuilder();
    List<String> shell =
        config.shell() == null || config.shell().isEmpty() ? DEFAULT_SHELL : config.shell();
    if (i instanceof EnvInstruction env) {
      for (KeyValue kv : env.variables()) {
        b.env(kv.key(), kv.value());
      }
    } else if (i instanceof LabelInstruction label) {
      label.labels().forEach(kv -> b.label(kv.key(), kv.value()));
    } else if (i instanceof ExposeInstruction expose) {
      expose.ports().forEach(b::exposePort);
    } else if (i instanceof VolumeInstruction volume) {
      volume.volumes().forEach(b::volume);
    } else if (i instanceof UserInstruction user) {
      b.user(user.user());
    } else if (i instanceof WorkdirInstruction workdir) {
      b.workingDir(workdir.path());
    } else if (i instanceof CmdInstruction cmd) {
      b.cmd(command(cmd.command(), shell));
    } else if (i instanceof EntrypointInstruction entrypoint) {
      b.entrypoint(command(entrypoint.command(), shell));
    } else if (i instanceof StopsignalInstruction stop) {
      b.stopSignal(stop.signal());
    } else if (i instanceof OnbuildInstruction onbuild) {
      b.onBuild(onbuild.expression());
    } else {
      throw new StrataException(
          WHAT
              + ": \""
              + text
              + "\" is not a config change: use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD,"
              + " STOPSIGNAL, USER, VOLUME or WORKDIR");
    }
    return b.build();
  }

  private static List<String> command(CommandLine command, List<String> shell) {
    if (!command.shellForm()) {
      return command.arguments();
    }
    List<String> argv = new ArrayList<>(shell);
    argv.addAll(command.arguments());
    return argv;
  }
}
