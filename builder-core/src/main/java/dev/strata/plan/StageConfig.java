package dev.strata.plan;

import dev.strata.dockerfile.instructions.CmdInstruction;
import dev.strata.dockerfile.instructions.CommandLine;
import dev.strata.dockerfile.instructions.EntrypointInstruction;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.ExposeInstruction;
import dev.strata.dockerfile.instructions.HealthcheckInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.KeyValue;
import dev.strata.dockerfile.instructions.LabelInstruction;
import dev.strata.dockerfile.instructions.MaintainerInstruction;
import dev.strata.dockerfile.instructions.OnbuildInstruction;
import dev.strata.dockerfile.instructions.ShellInstruction;
import dev.strata.dockerfile.instructions.StopsignalInstruction;
import dev.strata.dockerfile.instructions.UserInstruction;
import dev.strata.dockerfile.instructions.VolumeInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Healthcheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The image config of a stage as its steps change it, with docker's rules: a base without PATH gets
 * the default one (as BuildKit gives it); ENTRYPOINT clears a CMD inherited from the base but not
 * one set earlier in the stage; the base's ONBUILD triggers are consumed, not inherited; shell-form
 * CMD and ENTRYPOINT go through the SHELL in force.
 *
 * <p>Not thread-safe; one instance follows one stage from its base to its last step.
 */
public final class StageConfig {
  private ContainerConfig config;
  private Optional<String> author;
  private boolean cmdSet;

  /**
   * @param base the config of the stage's base (the empty config for scratch)
   * @param author the base image's author
   */
  public StageConfig(ContainerConfig base, Optional<String> author) {
    ContainerConfig.Builder b = base.toBuilder().onBuildList(List.of());
    if (base.env() == null || base.env().stream().noneMatch(e -> e.startsWith("PATH="))) {
      int eq = Planner.DEFAULT_PATH.indexOf('=');
      b.env("PATH", Planner.DEFAULT_PATH.substring(eq + 1));
    }
    this.config = b.build();
    this.author = author;
  }

  /** Applies the config effect of {@code step}; steps that only change files have none. */
  public void apply(Step step) {
    Instruction instruction = step.instruction();
    ContainerConfig.Builder b = config.toBuilder();
    if (instruction instanceof EnvInstruction env) {
      for (KeyValue kv : env.variables()) {
        b.env(kv.key(), kv.value());
      }
    } else if (instruction instanceof LabelInstruction label) {
      label.labels().forEach(kv -> b.label(kv.key(), kv.value()));
    } else if (instruction instanceof ExposeInstruction expose) {
      expose.ports().forEach(b::exposePort);
    } else if (instruction instanceof VolumeInstruction volume) {
      volume.volumes().forEach(b::volume);
    } else if (instruction instanceof UserInstruction user) {
      b.user(user.user());
    } else if (instruction instanceof WorkdirInstruction workdir) {
      b.workingDir(workdir.path());
    } else if (instruction instanceof CmdInstruction cmd) {
      b.cmd(command(cmd.command(), step.scope().shell()));
      cmdSet = true;
    } else if (instruction instanceof EntrypointInstruction entrypoint) {
      b.entrypoint(command(entrypoint.command(), step.scope().shell()));
      if (!cmdSet) {
        b.cmd(List.of());
      }
    } else if (instruction instanceof HealthcheckInstruction check) {
      b.healthcheck(healthcheck(check));
    } else if (instruction instanceof StopsignalInstruction stop) {
      b.stopSignal(stop.signal());
    } else if (instruction instanceof ShellInstruction shell) {
      b.shell(shell.shell());
    } else if (instruction instanceof OnbuildInstruction onbuild) {
      b.onBuild(onbuild.expression());
    } else if (instruction instanceof MaintainerInstruction maintainer) {
      author = Optional.of(maintainer.maintainer());
    }
    config = b.build();
  }

  /** The config after the steps applied so far. */
  public ContainerConfig config() {
    return config;
  }

  /** The author: the base's, or the last MAINTAINER. */
  public Optional<String> author() {
    return author;
  }

  /**
   * Whether {@code step} changes only the config, so that it adds a history entry with {@code
   * empty_layer} and no layer. WORKDIR is not one: it creates its directory.
   */
  public static boolean metadataOnly(Step step) {
    Instruction i = step.instruction();
    return !(i instanceof dev.strata.dockerfile.instructions.RunInstruction
        || i instanceof dev.strata.dockerfile.instructions.CopyInstruction
        || i instanceof dev.strata.dockerfile.instructions.AddInstruction
        || i instanceof WorkdirInstruction);
  }

  private static List<String> command(CommandLine command, List<String> shell) {
    if (!command.shellForm()) {
      return command.arguments();
    }
    List<String> argv = new ArrayList<>(shell);
    argv.addAll(command.arguments());
    return argv;
  }

  private static Healthcheck healthcheck(HealthcheckInstruction check) {
    if (check.disabled()) {
      return Healthcheck.none();
    }
    return new Healthcheck(
        check.test(),
        check.interval().orElse(null),
        check.timeout().orElse(null),
        check.startPeriod().orElse(null),
        check.startInterval().orElse(null),
        check.retries().orElse(0));
  }
}
