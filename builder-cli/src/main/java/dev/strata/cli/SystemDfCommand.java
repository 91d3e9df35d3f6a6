package dev.strata.cli;

import dev.strata.api.DiskUsageReport;
import dev.strata.api.DiskUsageReport.Category;
import dev.strata.api.Images;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata system df [-v]}: disk usage as {@code docker system df} reports it. */
@Command(name = "df", description = "Show disk usage of images, containers, volumes and cache.")
final class SystemDfCommand implements Callable<Integer> {
  @Option(
      names = {"-v", "--verbose"},
      description = "Show each image, container and volume.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DiskUsageReport r;
    try (Images images = StoreOption.open(spec)) {
      r = images.diskUsage(verbose);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (verbose) {
      printVerbose(r, out);
      return 0;
    }
    Table table = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
    for (Category c : new Category[] {r.images(), r.containers(), r.volumes()}) {
      table.row(
          c.type(),
          Integer.toString(c.total()),
          Integer.toString(c.active()),
          HumanUnits.size(c.size(), 4),
          reclaimable(c));
    }
    Category cache = r.buildCache();
    table.row(
        cache.type(),
        Integer.toString(cache.total()),
        Integer.toString(cache.active()),
        HumanUnits.size(cache.size(), 4),
        HumanUnits.size(cache.reclaimable(), 4));
    table.print(out);
    return 0;
  }

  static String reclaimable(Category c) {
    String size = HumanUnits.size(c.reclaimable(), 4);
    if (c.size() <= 0) {
      return size;
    }
    return size + " (" + (c.reclaimable() * 100 / c.size()) + "%)";
  }

  private static void printVerbose(DiskUsageReport r, PrintWriter out) {
    Instant now = Instant.now();
    out.println("Images space usage:");
    out.println();
    Table images =
        new Table(
            "REPOSITORY",
            "TAG",
            "IMAGE ID",
            "CREATED",
            "SIZE",
            "SHARED SIZE",
            "UNIQUE SIZE",
            "CONTAINERS");
    for (DiskUsageReport.ImageUsage i : r.imageRows()) {
      images.row(
          i.repository(),
          i.tag(),
          i.shortId(),
          HumanUnits.ago(i.created(), now),
          HumanUnits.size(i.size()),
          HumanUnits.size(i.sharedSize()),
          HumanUnits.size(i.uniqueSize()),
          Integer.toString(i.containers()));
    }
    images.print(out);
    out.println();
    out.println("Containers space usage:");
    out.println();
    Table containers = new Table("CONTAINER ID", "SIZE");
    for (DiskUsageReport.ContainerUsage c : r.containerRows()) {
      containers.row(c.id().substring(0, Math.min(12, c.id().length())), HumanUnits.size(c.size()));
    }
    containers.print(out);
    out.println();
    out.println("Local Volumes space usage:");
    out.println();
    Table volumes = new Table("VOLUME NAME", "LINKS", "SIZE");
    for (DiskUsageReport.VolumeUsage v : r.volumeRows()) {
      volumes.row(v.name(), Integer.toString(v.links()), HumanUnits.size(v.size()));
    }
    volumes.print(out);
    out.println();
    out.println("Build cache usage: " + HumanUnits.size(r.buildCache().size()));
    out.flush();
  }
}
