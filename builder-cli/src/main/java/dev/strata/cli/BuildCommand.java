package dev.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.StrataException;
import dev.strata.api.BuildEvent;
import dev.strata.api.BuildReport;
import dev.strata.api.BuildRequest;
import dev.strata.api.Builder;
import dev.strata.api.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata build}: builds an image from a Dockerfile, like docker build. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    description = "Build an image from a Dockerfile and a context directory.")
final class BuildCommand implements Callable<Integer> {
  enum ProgressMode {
    auto,
    tty,
    plain,
    quiet
  }

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "NAME[:TAG]",
      description = "Name the image (repeatable).")
  List<String> tags = new ArrayList<>();

  @Mixin DockerfileOptions dockerfile;

  @Option(names = "--no-cache", description = "Run every step.")
  boolean noCache;

  @Option(
      names = "--no-cache-filter",
      paramLabel = "STAGE",
      split = ",",
      description = "Run every step of these stages.")
  List<String> noCacheFilter = new ArrayList<>();

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description = "Progress output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ProgressMode progress = ProgressMode.auto;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image id (same as --progress quiet).")
  boolean quiet;

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image id here.")
  Path iidFile;

  @Option(
      names = "--metadata-file",
      paramLabel = "FILE",
      description = "Write the build's metadata (steps, cache keys, hits, miss reasons) as JSON.")
  Path metadataFile;

  @Option(
      names = "--output",
      paramLabel = "type=TYPE,dest=PATH",
      description =
          "Also export the image: type oci, oci-archive or docker, or local for its root file"
              + " system in a directory; or type=registry,name=REF to push it.")
  String output;

  @Option(
      names = "--compression",
      paramLabel = "ALGORITHM",
      description = "Layer compression: gzip, zstd or none (default: ${DEFAULT-VALUE}).")
  String compression = "gzip";

  @Option(
      names = "--storage-driver",
      paramLabel = "DRIVER",
      description = "overlay or vfs (default: overlay where it works, else vfs).")
  String storageDriver;

  @Option(
      names = "--executor",
      paramLabel = "EXECUTOR",
      description = "What runs RUN steps: runc or chroot (default: runc).")
  String executor;

  @Option(
      names = "--network",
      paramLabel = "MODE",
      description = "Network for RUN steps: default, host or none (default: ${DEFAULT-VALUE}).")
  String network = "default";

  @Option(
      names = "--secret",
      paramLabel = "id=ID,src=FILE|env=VAR",
      description = "A secret RUN --mount=type=secret can mount (repeatable).")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--cache-from",
      paramLabel = "type=local,src=DIR|type=registry,ref=REF",
      description =
          "Exported build cache to take hits from when the local cache misses (repeatable).")
  List<String> cacheFrom = new ArrayList<>();

  @Option(
      names = "--cache-to",
      paramLabel = "type=local,dest=DIR|type=registry,ref=REF[,mode=min|max]",
      description =
          "Export the build cache: the final image's steps (mode=min) or every stage's (max).")
  List<String> cacheTo = new ArrayList<>();

  @Option(
      names = "--explain",
      description = "Say, for every step that ran, why it missed the cache.")
  boolean explain;

  @Option(names = "--push", description = "Push every -t name to its registry after the build.")
  boolean push;

  @Option(
      names = "--pull",
      description =
          "Pull every base image again, so that a moved tag is seen (default: only missing ones).")
  boolean pull;

  @Mixin RegistryOption registry;

  @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
  Path context;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = System.getenv();
    Optional<Instant> epoch = sourceDateEpoch(env.get("SOURCE_DATE_EPOCH"));
    String[] exportSpec = output == null ? null : Outputs.parse(output, spec);
    BuildRequest request =
        new BuildRequest(
            dockerfile.request(context, spec),
            tags,
            noCache,
            new LinkedHashSet<>(noCacheFilter),
            compression,
            Optional.ofNullable(storageDriver),
            Optional.ofNullable(executor),
            network,
            secrets,
            epoch,
            new LinkedHashMap<>(env),
            cacheFrom,
            cacheTo);
    ProgressMode mode = quiet ? ProgressMode.quiet : progress;
    if (mode == ProgressMode.auto) {
      mode =
          System.console() != null && out == spec.commandLine().getOut() && isTerminal()
              ? ProgressMode.tty
              : ProgressMode.plain;
    }
    List<String> explanations = new ArrayList<>();
    Consumer<BuildEvent> listener;
    TtyProgress tty = null;
    switch (mode) {
      case tty -> {
        tty = new TtyProgress(err, terminalWidth());
        listener = tty;
      }
      case plain -> listener = new PlainProgress(err);
      default ->
          listener =
              e -> {
                if (e instanceof BuildEvent.Warning w) {
                  err.println("warning: " + w.message());
                  err.flush();
                }
              };
    }
    Consumer<BuildEvent> all =
        listener.andThen(
            e -> {
              if (e instanceof BuildEvent.StepStarted s) {
                explanations.add(
                    "["
                        + s.step().stage()
                        + " "
                        + s.step().index()
                        + "/"
                        + s.step().count()
                        + "] "
                        + s.step().text()
                        + "\n    "
                        + s.reason());
              }
            });
    BuildReport report;
    StrataCommand root = (StrataCommand) spec.root().userObject();
    if (push && tags.isEmpty()) {
      throw new StrataException("--push needs at least one -t NAME to push to");
    }
    try (Builder builder =
        Builder.open(Images.resolveRoot(root.root)).withRegistry(registry.settings(), pull)) {
      report = builder.build(request, all);
    } finally {
      if (tty != null) {
        tty.close();
      }
    }
    if (explain) {
      err.println(explanations.isEmpty() ? "every step hit the cache" : "why steps ran:");
      explanations.forEach(err::println);
      err.flush();
    }
    if (push) {
      try (Images images = Images.open(Images.resolveRoot(root.root))) {
        for (String tag : tags) {
          String digest =
              images.push(
                  report.manifestDigest(), Optional.of(tag), registry.settings(), line -> {});
          err.println("pushed " + tag + " " + digest);
        }
      }
      err.flush();
    }
    if (exportSpec != null) {
      try (Images images = Images.open(Images.resolveRoot(root.root))) {
        if (exportSpec[0].equals("registry")) {
          String digest =
              images.push(
                  report.manifestDigest(),
                  Optional.of(exportSpec[1]),
                  registry.settings(),
                  line -> {});
          err.println("pushed " + exportSpec[1] + " " + digest);
          err.flush();
        } else if (exportSpec[0].equals("local")) {
          images.exportRootfs(report.manifestDigest(), Path.of(exportSpec[1]));
        } else {
          images.save(exportSpec[0], Path.of(exportSpec[1]), List.of(report.manifestDigest()));
        }
      }
    }
    if (iidFile != null) {
      Files.writeString(iidFile, report.imageId());
    }
    if (metadataFile != null) {
      Files.write(
          metadataFile,
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsBytes(
                  new Metadata(report.imageId(), report.manifestDigest(), report.steps())));
    }
    if (mode == ProgressMode.quiet) {
      out.println(report.imageId());
      out.flush();
    }
    return 0;
  }

  /** The {@code --metadata-file} document. */
  record Metadata(String imageId, String manifestDigest, List<BuildReport.Step> steps) {}

  private static boolean isTerminal() {
    String term = System.getenv("TERM");
    return term != null && !term.equals("dumb");
  }

  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  private static Optional<Instant> sourceDateEpoch(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      throw new StrataException(
          "SOURCE_DATE_EPOCH=" + value + ": expected seconds since 1970-01-01 UTC");
    }
  }
}
