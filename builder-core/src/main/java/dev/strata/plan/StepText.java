package dev.strata.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.AddInstruction;
import dev.strata.dockerfile.instructions.ArgInstruction;
import dev.strata.dockerfile.instructions.CmdInstruction;
import dev.strata.dockerfile.instructions.CommandLine;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.EntrypointInstruction;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.ExposeInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.KeyValue;
import dev.strata.dockerfile.instructions.LabelInstruction;
import dev.strata.dockerfile.instructions.MaintainerInstruction;
import dev.strata.dockerfile.instructions.OnbuildInstruction;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.dockerfile.instructions.ShellInstruction;
import dev.strata.dockerfile.instructions.StopsignalInstruction;
import dev.strata.dockerfile.instructions.UserInstruction;
import dev.strata.dockerfile.instructions.VolumeInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders an expanded instruction on one line, the way it will run: for progress lines, history
 * ({@code created_by}) and error messages. Heredoc bodies are not part of it (they are in the
 * step).
 */
final class StepText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StepText() {}

  static String of(Instruction instruction) {
    String keyword = instruction.node().keyword().toUpperCase(Locale.ROOT);
    List<String> parts = new ArrayList<>();
    parts.add(keyword);
    if (instruction instanceof RunInstruction run) {
      parts.addAll(instruction.node().flags().stream().map(f -> "--" + f).toList());
      parts.add(command(run.command()));
    } else if (instruction instanceof CmdInstruction cmd) {
      parts.add(command(cmd.command()));
    } else if (instruction instanceof EntrypointInstruction entrypoint) {
      parts.add(command(entrypoint.command()));
    } else if (instruction instanceof ShellInstruction shell) {
      parts.add(json(shell.shell()));
    } else if (instruction instanceof EnvInstruction env) {
      env.variables().forEach(kv -> parts.add(pair(kv)));
    } else if (instruction instanceof LabelInstruction label) {
      label.labels().forEach(kv -> parts.add(pair(kv)));
    } else if (instruction instanceof ArgInstruction arg) {
      arg.args().forEach(a -> parts.add(a.name() + a.defaultValue().map(v -> "=" + v).orElse("")));
    } else if (instruction instanceof ExposeInstruction expose) {
      parts.addAll(expose.ports());
    } else if (instruction instanceof VolumeInstruction volume) {
      parts.add(json(volume.volumes()));
    } else if (instruction instanceof UserInstruction user) {
      parts.add(user.user());
    } else if (instruction instanceof WorkdirInstruction workdir) {
      parts.add(workdir.path());
    } else if (instruction instanceof StopsignalInstruction stop) {
      parts.add(stop.signal());
    } else if (instruction instanceof MaintainerInstruction maintainer) {
      parts.add(maintainer.maintainer());
    } else if (instruction instanceof OnbuildInstruction onbuild) {
      parts.add(onbuild.expression());
    } else if (instruction instanceof CopyInstruction copy) {
      copy.from().ifPresent(v -> parts.add("--from=" + v));
      copy.chown().ifPresent(v -> parts.add("--chown=" + v));
      copy.chmod().ifPresent(v -> parts.add("--chmod=" + v));
      if (copy.link()) {
        parts.add("--link");
      }
      if (copy.parents()) {
        parts.add("--parents");
      }
      copy.excludes().forEach(v -> parts.add("--exclude=" + v));
      parts.addAll(copy.sources());
      copy.heredocSources().forEach(h -> parts.add(h.token()));
      parts.add(copy.destination());
    } else if (instruction instanceof AddInstruction add) {
      add.chown().ifPresent(v -> parts.add("--chown=" + v));
      add.chmod().ifPresent(v -> parts.add("--chmod=" + v));
      if (add.link()) {
        parts.add("--link");
      }
      add.checksum().ifPresent(v -> parts.add("--checksum=" + v));
      if (add.keepGitDir()) {
        parts.add("--keep-git-dir");
      }
      add.unpack().ifPresent(v -> parts.add("--unpack=" + v));
      add.excludes().forEach(v -> parts.add("--exclude=" + v));
      parts.addAll(add.sources());
      add.heredocSources().stream().map(Heredoc::token).forEach(parts::add);
      parts.add(add.destination());
    } else {
      String original = instruction.node().original().strip();
      int space = original.indexOf(' ');
      parts.add(space < 0 ? "" : original.substring(space + 1).strip());
    }
    return String.join(" ", parts).strip();
  }

  private static String pair(KeyValue kv) {
    return kv.key() + "=" + kv.value();
  }

  private static String command(CommandLine command) {
    return command.shellForm()
        ? (command.arguments().isEmpty() ? "" : command.arguments().get(0))
        : json(command.arguments());
  }

  private static String json(List<String> words) {
    try {
      return JSON.writeValueAsString(words);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }
}
