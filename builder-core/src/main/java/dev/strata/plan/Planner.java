package dev.strata.plan;

import dev.strata.StrataException;
import dev.strata.dockerfile.DidYouMean;
import dev.strata.dockerfile.DockerfileParser;
import dev.strata.dockerfile.DockerfileSyntaxException;
import dev.strata.dockerfile.Node;
import dev.strata.dockerfile.instructions.ArgDefinition;
import dev.strata.dockerfile.instructions.ArgInstruction;
import dev.strata.dockerfile.instructions.CopyInstruction;
import dev.strata.dockerfile.instructions.Dockerfile;
import dev.strata.dockerfile.instructions.EnvInstruction;
import dev.strata.dockerfile.instructions.FromInstruction;
import dev.strata.dockerfile.instructions.Instruction;
import dev.strata.dockerfile.instructions.InstructionParser;
import dev.strata.dockerfile.instructions.KeyValue;
import dev.strata.dockerfile.instructions.Mount;
import dev.strata.dockerfile.instructions.OnbuildInstruction;
import dev.strata.dockerfile.instructions.RunInstruction;
import dev.strata.dockerfile.instructions.RunMount;
import dev.strata.dockerfile.instructions.ShellInstruction;
import dev.strata.dockerfile.instructions.Stage;
import dev.strata.dockerfile.instructions.UserInstruction;
import dev.strata.dockerfile.instructions.WorkdirInstruction;
import dev.strata.dockerfile.shell.ShellLexer;
import dev.strata.image.ContainerConfig;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed Dockerfile into a {@link BuildPlan}: resolves the global and stage ARG scopes and
 * the build args, expands the words of every instruction that expands, resolves stage references,
 * and keeps only the stages the target needs, as docker build (BuildKit) does.
 *
 * <p>One instance plans one Dockerfile once; use {@link #plan}.
 */
public final class Planner {
  /** The proxy variables docker predefines: usable with --build-arg without an ARG. */
  static final Set<String> PROXY_ARGS =
      Set.of(
          "HTTP_PROXY",
          "http_proxy",
          "HTTPS_PROXY",
          "https_proxy",
          "FTP_PROXY",
          "ftp_proxy",
          "NO_PROXY",
          "no_proxy",
          "ALL_PROXY",
          "all_proxy");

  /** What BuildKit gives a Linux stage whose base sets no PATH, in its RUN steps and its image. */
  public static final String DEFAULT_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  private final Dockerfile dockerfile;
  private final PlanOptions options;
  private final BaseImages bases;
  private final String fileName;
  private final ShellLexer lexer;
  private final Map<String, String> platformArgs;

  /** Global ARGs by name; a declared ARG without a value maps to empty. */
  private final Map<String, Optional<String>> globals = new LinkedHashMap<>();

  private final Set<String> consumed = new HashSet<>();
  private final Map<String, Integer> stageIndexByName = new HashMap<>();
  private final List<Origin> stageBases = new ArrayList<>();
  private final List<Platform> stagePlatforms = new ArrayList<>();
  private final Map<Integer, PlannedStage> planned = new LinkedHashMap<>();
  private final Map<Integer, List<String>> stageTriggers = new HashMap<>();
  private final Set<Integer> inProgress = new LinkedHashSet<>();
  private final Set<String> warnings = new LinkedHashSet<>();

  private Planner(Dockerfile dockerfile, PlanOptions options, BaseImages bases) {
    this.dockerfile = dockerfile;
    this.options = options;
    this.bases = bases;
    this.fileName = dockerfile.fileName();
    this.lexer = new ShellLexer(dockerfile.directives().escape());
    this.platformArgs = platformArgs(options);
  }

  /**
   * Plans {@code dockerfile}.
   *
   * @throws PlanException for a fault in the Dockerfile, with its file and line
   * @throws StrataException for a fault in the options, such as an unknown target
   */
  public static BuildPlan plan(Dockerfile dockerfile, PlanOptions options, BaseImages bases) {
    return new Planner(dockerfile, options, bases).run();
  }

  private BuildPlan run() {
    readGlobalArgs();
    for (Stage stage : dockerfile.stages()) {
      readFrom(stage);
    }
    int target = targetIndex();
    planStage(target, dockerfile.stages().get(target).from().node());
    List<String> unused =
        options.buildArgs().keySet().stream()
            .filter(name -> !consumed.contains(name) && !PROXY_ARGS.contains(name))
            .sorted()
            .toList();
    if (!unused.isEmpty()) {
      warnings.add(fileName + ": build args " + unused + " were not consumed by any ARG");
    }
    return new BuildPlan(fileName, List.copyOf(planned.values()), target, List.copyOf(warnings));
  }

  private void readGlobalArgs() {
    for (ArgInstruction arg : dockerfile.metaArgs()) {
      for (ArgDefinition def : arg.args()) {
        Optional<String> value = Optional.ofNullable(options.buildArgs().get(def.name()));
        if (value.isEmpty() && def.defaultValue().isPresent()) {
          value = Optional.of(globalWords(arg.node()).word(def.defaultValue().get()));
        }
        consumed.add(def.name());
        globals.put(def.name(), value);
      }
    }
  }

  /** The words of FROM lines and global ARG defaults see the global ARGs and platform args. */
  private WordExpander globalWords(Node node) {
    Map<String, String> vars = new HashMap<>(platformArgs);
    globals.forEach((k, v) -> v.ifPresent(value -> vars.put(k, value)));
    Set<String> known = new HashSet<>(vars.keySet());
    known.addAll(globals.keySet());
    return new WordExpander(lexer, vars, known, fileName, node.startLine(), undefinedSink(node));
  }

  private void readFrom(Stage stage) {
    FromInstruction from = stage.from();
    WordExpander words = globalWords(from.node());
    String image = words.word(from.image());
    Platform platform = options.targetPlatform();
    if (from.platform().isPresent()) {
      String text = words.word(from.platform().get());
      try {
        platform = Platform.parse(text);
      } catch (StrataException e) {
        throw words.error("FROM --platform: " + e.getMessage());
      }
    }
    Origin base;
    Integer earlier = stageIndexByName.get(image.toLowerCase(Locale.ROOT));
    if (earlier != null) {
      base = new Origin.Stage(earlier, image.toLowerCase(Locale.ROOT));
    } else if (image.equals("scratch")) {
      base = new Origin.Scratch();
    } else if (image.isEmpty()) {
      throw words.error("FROM " + from.image() + " expands to an empty base image name");
    } else if (!ImageReference.isValid(image)) {
      throw words.error("FROM " + image + ": invalid image reference");
    } else {
      base = new Origin.Image(image);
    }
    stageBases.add(base);
    stagePlatforms.add(platform);
    stage.name().ifPresent(n -> stageIndexByName.put(n.toLowerCase(Locale.ROOT), stage.index()));
  }

  private int targetIndex() {
    if (options.target().isEmpty()) {
      return dockerfile.stages().size() - 1;
    }
    String target = options.target().get();
    Integer index = stageIndexByName.get(target.toLowerCase(Locale.ROOT));
    if (index == null) {
      List<String> names = new ArrayList<>(stageIndexByName.keySet());
      throw new StrataException(
          "target stage \""
              + target
              + "\" could not be found in "
              + fileName
              + (names.isEmpty()
                  ? " (its stages have no names)"
                  : DidYouMean.suffix(target, names, false)));
    }
    return index;
  }

  private void planStage(int index, Node referrer) {
    if (planned.containsKey(index)) {
      return;
    }
    if (inProgress.contains(index)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (int i : inProgress) {
        in |= i == index;
        if (in) {
          cycle.add(label(i));
        }
      }
      cycle.add(label(index));
      throw new PlanException(
          fileName,
          referrer.startLine(),
          "circular dependency between stages: " + String.join(" -> ", cycle));
    }
    inProgress.add(index);
    Stage stage = dockerfile.stages().get(index);
    Origin base = stageBases.get(index);
    Platform platform = stagePlatforms.get(index);
    TreeSet<Integer> dependencies = new TreeSet<>();
    StageState state;
    List<String> triggers;
    if (base instanceof Origin.Stage parent) {
      dependencies.add(parent.index());
      planStage(parent.index(), stage.from().node());
      state = StageState.from(planned.get(parent.index()).result(), platform);
      triggers = stageTriggers.getOrDefault(parent.index(), List.of());
    } else if (base instanceof Origin.Image image) {
      Optional<ImageConfig> config;
      try {
        config = bases.config(image.reference(), platform);
      } catch (PlanException e) {
        throw e;
      } catch (StrataException e) {
        // A base that had to be pulled and could not be: say which FROM wanted it.
        throw new PlanException(
            fileName,
            stage.from().line(),
            "base image " + image.reference() + ": " + e.getMessage());
      }
      ContainerConfig c = config.map(ImageConfig::config).orElse(ContainerConfig.EMPTY);
      state = StageState.fromImage(c, platform);
      triggers = c.onBuild() == null ? List.of() : c.onBuild();
    } else {
      state = StageState.fromImage(ContainerConfig.EMPTY, platform);
      triggers = List.of();
    }
    state.proxyArgs(proxyArgs());

    List<Step> steps = new ArrayList<>();
    List<String> ownTriggers = new ArrayList<>();
    for (Instruction trigger : parseTriggers(triggers, stage)) {
      steps.add(step(index, steps.size() + 1, trigger, state, dependencies, ownTriggers, true));
    }
    for (Instruction instruction : stage.instructions()) {
      steps.add(
          step(index, steps.size() + 1, instruction, state, dependencies, ownTriggers, false));
    }
    stageTriggers.put(index, List.copyOf(ownTriggers));
    for (Step step : steps) {
      for (Origin origin : step.origins().values()) {
        if (origin instanceof Origin.Stage s) {
          planStage(s.index(), step.instruction().node());
        }
      }
    }
    inProgress.remove(index);
    planned.put(
        index,
        new PlannedStage(
            index,
            stage.name(),
            base,
            stage.from().line(),
            platform,
            steps,
            dependencies,
            state.scope()));
  }

  private Step step(
      int stage,
      int number,
      Instruction instruction,
      StageState state,
      Set<Integer> dependencies,
      List<String> ownTriggers,
      boolean trigger) {
    StepScope before = state.scope();
    Node node = instruction.node();
    WordExpander words =
        new WordExpander(
            lexer,
            state.variables(),
            state.knownNames(),
            fileName,
            node.startLine(),
            undefinedSink(node));
    Map<String, Origin> origins = new LinkedHashMap<>();
    List<Mount> mounts = new ArrayList<>();
    Instruction expanded;
    if (instruction instanceof ArgInstruction arg) {
      List<ArgDefinition> resolved = new ArrayList<>();
      for (ArgDefinition def : arg.args()) {
        Optional<String> value = argValue(def, words);
        consumed.add(def.name());
        state.declareArg(def.name(), value);
        resolved.add(new ArgDefinition(def.name(), value));
      }
      expanded = new ArgInstruction(node, resolved);
    } else if (instruction instanceof RunInstruction run) {
      for (RunMount spec : run.mounts()) {
        Mount mount;
        try {
          mount = spec.resolve(words::word);
        } catch (DockerfileSyntaxException e) {
          throw new PlanException(fileName, node.startLine(), e.detail());
        }
        mounts.add(mount);
        if (!mount.from().isEmpty()) {
          origins.put(mount.from(), origin(mount.from(), stage, node));
        }
      }
      expanded = run;
    } else if (instruction instanceof OnbuildInstruction onbuild) {
      ownTriggers.add(onbuild.expression());
      expanded = onbuild;
    } else {
      expanded = InstructionExpander.expand(instruction, words);
    }
    if (expanded instanceof CopyInstruction copy && copy.from().isPresent()) {
      String from = copy.from().get();
      if (from.isEmpty()) {
        throw words.error("COPY --from expands to an empty string");
      }
      origins.put(from, origin(from, stage, node));
    }
    if (expanded instanceof WorkdirInstruction workdir) {
      expanded = new WorkdirInstruction(node, StageState.resolve(before.workdir(), workdir.path()));
    }
    apply(expanded, state);
    for (Origin origin : origins.values()) {
      if (origin instanceof Origin.Stage s) {
        dependencies.add(s.index());
      }
    }
    return new Step(
        stage, number, expanded, before, origins, mounts, StepText.of(expanded), trigger);
  }

  /** --build-arg wins, then the ARG's own default, then a global ARG's value, then automatics. */
  private Optional<String> argValue(ArgDefinition def, WordExpander words) {
    String name = def.name();
    if (options.buildArgs().containsKey(name)) {
      return Optional.of(options.buildArgs().get(name));
    }
    if (def.defaultValue().isPresent()) {
      return Optional.of(words.word(def.defaultValue().get()));
    }
    Optional<String> global = globals.getOrDefault(name, Optional.empty());
    if (global.isPresent()) {
      return global;
    }
    return Optional.ofNullable(platformArgs.get(name));
  }

  private static void apply(Instruction instruction, StageState state) {
    if (instruction instanceof EnvInstruction env) {
      for (KeyValue kv : env.variables()) {
        state.setEnv(kv.key(), kv.value());
      }
    } else if (instruction instanceof WorkdirInstruction workdir) {
      state.workdir(workdir.path());
    } else if (instruction instanceof UserInstruction user) {
      state.user(user.user());
    } else if (instruction instanceof ShellInstruction shell) {
      state.shell(shell.shell());
    }
  }

  /** What a COPY --from or mount from= value names: a stage by name or index, else an image. */
  private Origin origin(String from, int stage, Node node) {
    Integer byName = stageIndexByName.get(from.toLowerCase(Locale.ROOT));
    if (byName != null) {
      return new Origin.Stage(byName, from.toLowerCase(Locale.ROOT));
    }
    if (from.chars().allMatch(Character::isDigit)) {
      int index;
      try {
        index = Integer.parseInt(from);
      } catch (NumberFormatException e) {
        index = Integer.MAX_VALUE;
      }
      int count = dockerfile.stages().size();
      if (index >= count) {
        throw new PlanException(
            fileName,
            node.startLine(),
            "--from="
                + from
                + " names stage index "
                + from
                + ", but "
                + fileName
                + " has "
                + (count == 1
                    ? "1 stage (index 0)"
                    : count + " stages (0 to " + (count - 1) + ")"));
      }
      return new Origin.Stage(index, label(index));
    }
    if (!ImageReference.isValid(from)) {
      throw new PlanException(
          fileName,
          node.startLine(),
          "--from="
              + from
              + " is neither a stage of "
              + fileName
              + " nor a valid image reference"
              + DidYouMean.suffix(from, new ArrayList<>(stageIndexByName.keySet()), false));
    }
    return new Origin.Image(from);
  }

  private String label(int index) {
    return dockerfile.stages().get(index).name().orElse(Integer.toString(index));
  }

  private Map<String, String> proxyArgs() {
    Map<String, String> proxies = new LinkedHashMap<>();
    options.buildArgs().entrySet().stream()
        .filter(e -> PROXY_ARGS.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> proxies.put(e.getKey(), e.getValue()));
    return proxies;
  }

  private List<Instruction> parseTriggers(List<String> triggers, Stage stage) {
    List<Instruction> out = new ArrayList<>();
    String source = fileName + ": ONBUILD of the base of stage " + label(stage.index());
    for (String trigger : triggers) {
      try {
        for (Node node : DockerfileParser.parse(trigger, source).nodes()) {
          // Give the trigger the FROM line so that errors and progress point at the Dockerfile.
          Node placed =
              new Node(
                  node.keyword(),
                  node.original(),
                  node.flags(),
                  node.args(),
                  node.json(),
                  node.heredocs(),
                  node.onbuild(),
                  stage.from().line(),
                  stage.from().line());
          out.add(InstructionParser.parseInstruction(placed, fileName));
        }
      } catch (DockerfileSyntaxException e) {
        throw new PlanException(fileName, stage.from().line(), "base image ONBUILD " + e.detail());
      }
    }
    return out;
  }

  private java.util.function.Consumer<String> undefinedSink(Node node) {
    return name ->
        warnings.add(
            fileName
                + ":"
                + node.startLine()
                + ": UndefinedVar: usage of undefined variable '$"
                + name
                + "'");
  }

  private static Map<String, String> platformArgs(PlanOptions options) {
    Map<String, String> args = new LinkedHashMap<>();
    Platform build = options.buildPlatform().normalized();
    Platform target = options.targetPlatform().normalized();
    args.put("BUILDPLATFORM", build.toString());
    args.put("BUILDOS", build.os());
    args.put("BUILDARCH", build.architecture());
    args.put("BUILDVARIANT", build.variant() == null ? "" : build.variant());
    args.put("TARGETPLATFORM", target.toString());
    args.put("TARGETOS", target.os());
    args.put("TARGETARCH", target.architecture());
    args.put("TARGETVARIANT", target.variant() == null ? "" : target.variant());
    return args;
  }
}
