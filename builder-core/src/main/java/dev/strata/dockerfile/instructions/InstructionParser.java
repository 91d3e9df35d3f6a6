package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.DidYouMean;
import dev.strata.dockerfile.DockerfileSyntaxException;
import dev.strata.dockerfile.Heredoc;
import dev.strata.dockerfile.Node;
import dev.strata.dockerfile.ParsedDockerfile;
import dev.strata.dockerfile.Spaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns parsed nodes into typed instructions and groups them into stages, like BuildKit's {@code
 * instructions/parse.go}: each instruction's flags are checked against the ones it accepts, its
 * arguments are counted and shaped, RUN mounts are checked, HEALTHCHECK durations are read, and
 * ONBUILD triggers are parsed too. Words are not expanded.
 */
public final class InstructionParser {
  private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");
  private static final Pattern ONBUILD_PREFIX =
      Pattern.compile("^[\\t\\n\\f\\r ]*(?i:ONBUILD)[\\t\\n\\f\\r ]*");
  private static final FlagSet NO_FLAGS = new FlagSet();
  private static final FlagSet FROM_FLAGS = new FlagSet().string("platform");
  private static final FlagSet RUN_FLAGS =
      new FlagSet().strings("mount").string("network", "security");
  private static final FlagSet COPY_FLAGS =
      new FlagSet().string("from", "chown", "chmod").bool("link", "parents").strings("exclude");
  private static final FlagSet ADD_FLAGS =
      new FlagSet()
          .string("chown", "chmod", "checksum")
          .bool("link", "keep-git-dir", "unpack")
          .strings("exclude");
  private static final FlagSet HEALTHCHECK_FLAGS =
      new FlagSet().string("interval", "timeout", "start-period", "start-interval", "retries");

  private final String fileName;

  private InstructionParser(String fileName) {
    this.fileName = fileName;
  }

  /**
   * The typed model of a parsed Dockerfile: the ARGs before the first FROM, then the stages.
   *
   * @throws DockerfileSyntaxException naming the file and line of the first bad instruction
   */
  public static Dockerfile parse(ParsedDockerfile parsed) {
    InstructionParser parser = new InstructionParser(parsed.fileName());
    List<ArgInstruction> metaArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Set<String> stageNames = new HashSet<>();
    FromInstruction from = null;
    List<Instruction> body = new ArrayList<>();
    for (Node node : parsed.nodes()) {
      Instruction instruction = parser.instruction(node);
      if (instruction instanceof FromInstruction f) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from.stageName(), from, body));
          body = new ArrayList<>();
        }
        if (f.stageName().isPresent() && !stageNames.add(f.stageName().get())) {
          throw parser.error(node, "duplicate stage name \"" + f.stageName().get() + "\"");
        }
        from = f;
      } else if (from != null) {
        body.add(instruction);
      } else if (instruction instanceof ArgInstruction arg) {
        metaArgs.add(arg);
      } else {
        throw parser.error(
            node,
            "no build stage in current context: "
                + node.keyword().toUpperCase(Locale.ROOT)
                + " must come after a FROM (only ARG may come before the first FROM)");
      }
    }
    if (from == null) {
      throw new DockerfileSyntaxException(
          parsed.fileName(), 0, "no build stage: the Dockerfile has no FROM instruction");
    }
    stages.add(new Stage(stages.size(), from.stageName(), from, body));
    return new Dockerfile(
        parsed.fileName(), parsed.directives(), metaArgs, stages, parsed.warnings());
  }

  /**
   * One typed instruction from a node, e.g. an ONBUILD trigger read back from a base image.
   *
   * @throws DockerfileSyntaxException naming {@code fileName} and the node's line
   */
  public static Instruction parseInstruction(Node node, String fileName) {
    return new InstructionParser(fileName).instruction(node);
  }

  private DockerfileSyntaxException error(Node node, String detail) {
    return new DockerfileSyntaxException(fileName, node.startLine(), detail);
  }

  private Instruction instruction(Node node) {
    try {
      return switch (node.keyword()) {
        case "from" -> from(node);
        case "run" -> run(node);
        case "cmd" -> new CmdInstruction(node, command(node, NO_FLAGS));
        case "entrypoint" -> new EntrypointInstruction(node, command(node, NO_FLAGS));
        case "shell" -> shell(node);
        case "env" -> new EnvInstruction(node, keyValues(node));
        case "label" -> new LabelInstruction(node, keyValues(node));
        case "arg" -> arg(node);
        case "expose" -> new ExposeInstruction(node, atLeastOne(node));
        case "volume" -> volume(node);
        case "user" -> new UserInstruction(node, exactlyOne(node));
        case "workdir" -> new WorkdirInstruction(node, exactlyOne(node));
        case "stopsignal" -> new StopsignalInstruction(node, exactlyOne(node));
        case "maintainer" -> new MaintainerInstruction(node, exactlyOne(node));
        case "copy" -> copy(node);
        case "add" -> add(node);
        case "onbuild" -> onbuild(node);
        case "healthcheck" -> healthcheck(node);
        default -> throw new BadInstruction("unknown instruction: " + node.keyword());
      };
    } catch (BadInstruction e) {
      throw error(node, e.getMessage());
    }
  }

  private static String name(Node node) {
    return node.keyword().toUpperCase(Locale.ROOT);
  }

  private static List<String> atLeastOne(Node node) {
    NO_FLAGS.parse(node.flags());
    if (node.args().isEmpty()) {
      throw new BadInstruction(name(node) + " requires at least one argument");
    }
    return node.args();
  }

  private static String exactlyOne(Node node) {
    NO_FLAGS.parse(node.flags());
    if (node.args().size() != 1) {
      throw new BadInstruction(name(node) + " requires exactly one argument");
    }
    return node.args().get(0);
  }

  private FromInstruction from(Node node) {
    FlagSet.Values flags = FROM_FLAGS.parse(node.flags());
    List<String> args = node.args();
    Optional<String> stageName = Optional.empty();
    if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
      String name = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new BadInstruction(
            "invalid name for build stage: \""
                + args.get(2)
                + "\", name can't start with a number or contain symbols");
      }
      stageName = Optional.of(name);
    } else if (args.size() != 1) {
      throw new BadInstruction("FROM requires either one or three arguments");
    }
    return new FromInstruction(node, args.get(0), stageName, flags.string("platform"));
  }

  private static CommandLine command(Node node, FlagSet accepted) {
    accepted.parse(node.flags());
    return new CommandLine(node.args(), !node.json());
  }

  private RunInstruction run(Node node) {
    FlagSet.Values flags = RUN_FLAGS.parse(node.flags());
    CommandLine command = new CommandLine(node.args(), !node.json());
    if (command.isEmpty()) {
      throw new BadInstruction("RUN requires at least one argument");
    }
    List<RunMount> mounts = new ArrayList<>();
    for (String spec : flags.strings("mount")) {
      mounts.add(new RunMount(spec, fileName, node.startLine()));
    }
    NetworkMode network =
        flags
            .string("network")
            .map(v -> choice(NetworkMode.values(), v, "network mode"))
            .orElse(NetworkMode.DEFAULT);
    SecurityMode security =
        flags
            .string("security")
            .map(v -> choice(SecurityMode.values(), v, "security mode"))
            .orElse(SecurityMode.SANDBOX);
    return new RunInstruction(node, command, node.heredocs(), mounts, network, security);
  }

  private static <E extends Enum<E>> E choice(E[] values, String value, String what) {
    for (E e : values) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
        return e;
      }
    }
    List<String> names = Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    throw new BadInstruction(
        "invalid "
            + what
            + " \""
            + value
            + "\" (one of "
            + String.join(", ", names)
            + ")"
            + DidYouMean.suffix(value, names, true));
  }

  private static ShellInstruction shell(Node node) {
    NO_FLAGS.parse(node.flags());
    if (node.args().isEmpty()) {
      throw new BadInstruction("SHELL requires at least one argument");
    }
    if (!node.json()) {
      throw new BadInstruction("SHELL requires the arguments to be in JSON form");
    }
    return new ShellInstruction(node, node.args());
  }

  private static List<KeyValue> keyValues(Node node) {
    NO_FLAGS.parse(node.flags());
    List<String> args = node.args();
    if (args.isEmpty() || args.size() % 3 != 0) {
      throw new IllegalArgumentException("not a name/value/separator node: " + node);
    }
    List<KeyValue> pairs = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 3) {
      pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
    }
    return pairs;
  }

  private static ArgInstruction arg(Node node) {
    List<ArgDefinition> args = new ArrayList<>();
    for (String word : atLeastOne(node)) {
      int eq = word.indexOf('=');
      args.add(
          eq < 0
              ? new ArgDefinition(word, Optional.empty())
              : new ArgDefinition(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
    }
    return new ArgInstruction(node, args);
  }

  private static VolumeInstruction volume(Node node) {
    List<String> volumes = new ArrayList<>();
    for (String arg : atLeastOne(node)) {
      String volume = Spaces.trim(arg);
      if (volume.isEmpty()) {
        throw new BadInstruction("VOLUME specified can not be an empty string");
      }
      volumes.add(volume);
    }
    return new VolumeInstruction(node, volumes);
  }

  /** Sources, heredoc sources and destination of COPY and ADD. */
  private record Transfer(List<String> sources, List<Heredoc> heredocs, String destination) {}

  private static Transfer transfer(Node node) {
    List<String> args = node.args();
    if (args.size() < 2) {
      throw new BadInstruction(
          name(node)
              + " requires at least two arguments, but only one was provided. Destination could"
              + " not be determined");
    }
    String destination = args.get(args.size() - 1);
    if (Heredoc.markerName(destination).isPresent()) {
      throw new BadInstruction(name(node) + " cannot accept a heredoc as a destination");
    }
    Map<String, Heredoc> byName = new HashMap<>();
    for (Heredoc heredoc : node.heredocs()) {
      byName.put(heredoc.name(), heredoc);
    }
    List<String> sources = new ArrayList<>();
    List<Heredoc> heredocs = new ArrayList<>();
    // A heredoc-looking source without a body (JSON form reads none) is a path, not an empty file.
    for (String source : args.subList(0, args.size() - 1)) {
      Optional<Heredoc> heredoc = Heredoc.markerName(source).map(byName::get);
      if (heredoc.isPresent()) {
        heredocs.add(heredoc.get());
      } else {
        sources.add(source);
      }
    }
    return new Transfer(sources, heredocs, destination);
  }

  private static CopyInstruction copy(Node node) {
    FlagSet.Values flags = COPY_FLAGS.parse(node.flags());
    Transfer t = transfer(node);
    return new CopyInstruction(
        node,
        t.sources(),
        t.heredocs(),
        t.destination(),
        flags.string("from"),
        flags.string("chown"),
        flags.string("chmod"),
        flags.bool("link"),
        flags.bool("parents"),
        flags.strings("exclude"));
  }

  private static AddInstruction add(Node node) {
    FlagSet.Values flags = ADD_FLAGS.parse(node.flags());
    Transfer t = transfer(node);
    return new AddInstruction(
        node,
        t.sources(),
        t.heredocs(),
        t.destination(),
        flags.string("chown"),
        flags.string("chmod"),
        flags.bool("link"),
        flags.string("checksum"),
        flags.bool("keep-git-dir"),
        flags.boolIfGiven("unpack"),
        flags.strings("exclude"));
  }

  private OnbuildInstruction onbuild(Node node) {
    NO_FLAGS.parse(node.flags());
    Node trigger = node.onbuild();
    if (trigger == null) {
      throw new BadInstruction("ONBUILD requires at least one argument");
    }
    switch (trigger.keyword()) {
      case "onbuild":
        throw new BadInstruction("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "from", "maintainer":
        throw new BadInstruction(name(trigger) + " isn't allowed as an ONBUILD trigger");
      default:
        break;
    }
    StringBuilder expression =
        new StringBuilder(ONBUILD_PREFIX.matcher(node.original()).replaceFirst(""));
    for (Heredoc heredoc : node.heredocs()) {
      expression.append('\n').append(heredoc.content()).append(heredoc.name());
    }
    return new OnbuildInstruction(node, instruction(trigger), expression.toString());
  }

  private static HealthcheckInstruction healthcheck(Node node) {
    List<String> args = node.args();
    if (args.isEmpty()) {
      throw new BadInstruction("HEALTHCHECK requires at least one argument");
    }
    FlagSet.Values flags = HEALTHCHECK_FLAGS.parse(node.flags());
    String type = args.get(0).toUpperCase(Locale.ROOT);
    List<String> rest = args.subList(1, args.size());
    if (type.equals("NONE")) {
      if (!rest.isEmpty()) {
        throw new BadInstruction("HEALTHCHECK NONE takes no arguments");
      }
      return new HealthcheckInstruction(
          node,
          List.of("NONE"),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    if (!type.equals("CMD")) {
      throw new BadInstruction("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    if (rest.isEmpty()) {
      throw new BadInstruction("Missing command after HEALTHCHECK CMD");
    }
    List<String> test = new ArrayList<>();
    test.add(node.json() ? "CMD" : "CMD-SHELL");
    test.addAll(rest);
    return new HealthcheckInstruction(
        node,
        test,
        interval(flags, "interval"),
        interval(flags, "timeout"),
        interval(flags, "start-period"),
        interval(flags, "start-interval"),
        flags.string("retries").map(InstructionParser::retries));
  }

  private static Optional<Duration> interval(FlagSet.Values flags, String name) {
    return flags
        .string(name)
        .map(
            value -> {
              Duration d;
              try {
                d = GoDuration.parse(value);
              } catch (IllegalArgumentException e) {
                throw new BadInstruction(
                    "--" + name + ": " + e.getMessage() + " (write e.g. 30s or 1m30s)");
              }
              if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
                throw new BadInstruction(
                    "--" + name + " cannot be less than 1ms (0 means the default): " + value);
              }
              return d;
            });
  }

  private static int retries(String value) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadInstruction("--retries: invalid number \"" + value + "\"");
    }
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      throw new BadInstruction("--retries: value out of range: " + value);
    }
    if (n < 0) {
      throw new BadInstruction("--retries cannot be negative (" + n + ")");
    }
    return (int) n;
  }
}
