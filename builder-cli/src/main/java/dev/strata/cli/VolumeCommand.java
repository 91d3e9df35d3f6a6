package dev.strata.cli;

import dev.strata.StrataException;
import dev.strata.api.Images;
import dev.strata.api.Volumes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata volume create|ls|inspect|rm|prune}: named volumes. */
@Command(
    name = "volume",
    description = "Manage volumes.",
    subcommands = {
      VolumeCommand.Create.class,
      VolumeCommand.Ls.class,
      VolumeCommand.Inspect.class,
      VolumeCommand.Rm.class,
      VolumeCommand.Prune.class
    })
final class VolumeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Volumes open(CommandSpec spec) {
    StrataCommand root = (StrataCommand) spec.root().userObject();
    return Volumes.open(Images.resolveRoot(root.root));
  }

  /** {@code strata volume create [--driver local] [--label K=V]... [NAME]}. */
  @Command(name = "create", description = "Create a volume.")
  static final class Create implements Callable<Integer> {
    @Option(names = "--driver", paramLabel = "DRIVER", description = "Volume driver (local).")
    String driver = "local";

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label.")
    List<String> labels = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Name (random when not given).")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, String> map = new LinkedHashMap<>();
      for (String l : labels) {
        int eq = l.indexOf('=');
        if (eq <= 0) {
          throw new StrataException("invalid label \"" + l + "\": use KEY=VALUE");
        }
        map.put(l.substring(0, eq), l.substring(eq + 1));
      }
      String n = name != null ? name : java.util.UUID.randomUUID().toString().replace("-", "");
      try (Volumes volumes = open(spec)) {
        spec.commandLine().getOut().println(volumes.create(n, driver, map).name());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code strata volume ls}: DRIVER VOLUME NAME. */
  @Command(name = "ls", description = "List volumes.")
  static final class Ls implements Callable<Integer> {
    @Option(
        names = {"-q", "--quiet"},
        description = "Print names only.")
    boolean quiet;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Volumes volumes = open(spec)) {
        Table table = new Table("DRIVER", "VOLUME NAME");
        for (Volumes.Volume v : volumes.list()) {
          if (quiet) {
            out.println(v.name());
          } else {
            table.row(v.driver(), v.name());
          }
        }
        if (!quiet) {
          table.print(out);
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code strata volume inspect NAME...}: JSON like docker volume inspect. */
  @Command(name = "inspect", description = "Show the details of volumes as JSON.")
  static final class Inspect implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<Map<String, Object>> all = new ArrayList<>();
      try (Volumes volumes = open(spec)) {
        for (String n : names) {
          Volumes.Volume v = volumes.inspect(n);
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("CreatedAt", v.created());
          o.put("Driver", v.driver());
          o.put("Labels", v.labels());
          o.put("Mountpoint", v.mountpoint());
          o.put("Name", v.name());
          o.put("Scope", "local");
          all.add(o);
        }
      }
      spec.commandLine()
          .getOut()
          .println(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(all));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code strata volume rm [-f] NAME...}: refused for volumes in use. */
  @Command(name = "rm", description = "Remove volumes.")
  static final class Rm implements Callable<Integer> {
    @Option(
        names = {"-f", "--force"},
        description = "Do not fail for a missing volume.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int code = 0;
      try (Volumes volumes = open(spec)) {
        for (String n : names) {
          try {
            volumes.remove(n, force);
            out.println(n);
          } catch (StrataException e) {
            err.println("error: " + e.getMessage());
            code = e.exitCode();
          }
        }
      }
      out.flush();
      err.flush();
      return code;
    }
  }

  /** {@code strata volume prune}: removes the volumes no container uses. */
  @Command(name = "prune", description = "Remove volumes no container uses.")
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Volumes volumes = open(spec)) {
        volumes.prune().forEach(spec.commandLine().getOut()::println);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
