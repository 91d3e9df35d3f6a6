package dev.strata.plan;

import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.instructions.AddInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.ExposeInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.KeyValue;
import dev.strata.dockerfile.instructions.LabelInstruction;
import dev.strata.dockerfile.instructions.StopsignalInstruction;
import dev.strata.dockerfile.instructions.UserInstruction;
import dev.strata.dockerfile.instructions.VolumeInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the words of the instructions the Dockerfile reference lists as expanding: ADD, COPY,
 * ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR (FROM, ARG and RUN --mount are expanded
 * by the planner, which owns their scopes). Every other instruction is returned as it is: the
 * shell, not the builder, expands RUN, CMD and ENTRYPOINT.
 */
final class InstructionExpander {
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/((?i)tcp|udp|sctp))?");

  private InstructionExpander() {}

  static Instruction expand(Instruction instruction, WordExpander words) {
    if (instruction instanceof EnvInstruction env) {
      return new EnvInstruction(env.node(), keyValues(env.variables(), words));
    }
    if (instruction instanceof LabelInstruction label) {
      return new LabelInstruction(label.node(), keyValues(label.labels(), words));
    }
    if (instruction instanceof WorkdirInstruction workdir) {
      return new WorkdirInstruction(workdir.node(), words.word(workdir.path()));
    }
    if (instruction instanceof UserInstruction user) {
      return new UserInstruction(user.node(), words.word(user.user()));
    }
    if (instruction instanceof StopsignalInstruction stop) {
      return new StopsignalInstruction(stop.node(), words.word(stop.signal()));
    }
    if (instruction instanceof ExposeInstruction expose) {
      List<String> ports = new ArrayList<>();
      for (String port : expose.ports()) {
        for (String word : words.words(port)) {
          ports.addAll(exposedPorts(word, words));
        }
      }
      return new ExposeInstruction(expose.node(), ports);
    }
    if (instruction instanceof VolumeInstruction volume) {
      List<String> paths = volume.volumes().stream().map(words::word).toList();
      if (paths.stream().anyMatch(p -> p.isBlank())) {
        throw words.error("VOLUME specified can not be an empty string");
      }
      return new VolumeInstruction(volume.node(), paths);
    }
    if (instruction instanceof CopyInstruction copy) {
      return new CopyInstruction(
          copy.node(),
          all(copy.sources(), words),
          heredocs(copy.heredocSources(), words),
          words.word(copy.destination()),
          copy.from().map(words::word),
          copy.chown().map(words::word),
          copy.chmod().map(words::word),
          copy.link(),
          copy.parents(),
          all(copy.excludes(), words));
    }
    if (instruction instanceof AddInstruction add) {
      return new AddInstruction(
          add.node(),
          all(add.sources(), words),
          heredocs(add.heredocSources(), words),
          words.word(add.destination()),
          add.chown().map(words::word),
          add.chmod().map(words::word),
          add.link(),
          add.checksum().map(words::word),
          add.keepGitDir(),
          add.unpack(),
          all(add.excludes(), words));
    }
    return instruction;
  }

  /** {@code 80}, {@code 80/UDP} or {@code 8000-8002/tcp} as docker stores them: one per port. */
  private static List<String> exposedPorts(String spec, WordExpander words) {
    Matcher m = PORT.matcher(spec);
    if (!m.matches()) {
      throw words.error("EXPOSE: invalid port \"" + spec + "\" (want PORT[-PORT][/tcp|udp|sctp])");
    }
    String protocol = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
    int first = port(m.group(1), spec, words);
    int last = m.group(2) == null ? first : port(m.group(2), spec, words);
    if (last < first) {
      throw words.error("EXPOSE: invalid port range \"" + spec + "\"");
    }
    List<String> out = new ArrayList<>();
    for (int p = first; p <= last; p++) {
      out.add(p + "/" + protocol);
    }
    return out;
  }

  private static int port(String digits, String spec, WordExpander words) {
    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
      throw words.error("EXPOSE: port out of range in \"" + spec + "\"");
    }
    return Integer.parseInt(digits);
  }

  private static List<KeyValue> keyValues(List<KeyValue> pairs, WordExpander words) {
    // Every pair sees the variables as they were before the instruction: in ENV a=1 b=$a, b gets
    // the old a, as docker does.
    List<KeyValue> out = new ArrayList<>();
    for (KeyValue kv : pairs) {
      String key = words.word(kv.key());
      if (key.isEmpty()) {
        throw words.error("a name must not expand to an empty string");
      }
      out.add(new KeyValue(key, words.word(kv.value()), kv.legacyForm()));
    }
    return out;
  }

  private static List<String> all(List<String> items, WordExpander words) {
    return items.stream().map(words::word).toList();
  }

  private static List<Heredoc> heredocs(List<Heredoc> docs, WordExpander words) {
    return docs.stream()
        .map(
            h ->
                h.expand()
                    ? new Heredoc(
                        h.name(),
                        words.heredoc(h.content()),
                        false,
                        h.chomp(),
                        h.fileDescriptor(),
                        h.token())
                    : h)
        .toList();
  }
}
