package dev.strata.api;

import dev.strata.Digest;
import dev.strata.image.ImageReference;
import dev.strata.store.DiskUsage;
import dev.strata.store.ImageEntry;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import dev.strata.store.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a store for {@code system df}: the store's own image accounting ({@link DiskUsage}), and
 * the directories of containers, volumes and the build cache, walked without following links.
 */
final class DiskUsageSurvey {
  private final Store store;

  DiskUsageSurvey(Store store) {
    this.store = store;
  }

  DiskUsageReport survey(boolean verbose) throws IOException {
    DiskUsage usage = store.diskUsage();
    Map<Digest, Instant> created = new HashMap<>();
    for (ImageEntry e : store.images().list()) {
      try {
        created.put(
            e.id(),
            ResolvedImage.read(store.blobs(), e.id(), dev.strata.image.Platform.host())
                .config()
                .created());
      } catch (dev.strata.StrataException ex) {
        // an incomplete image has no readable config; system check reports it
      }
    }
    long imageBytes = usage.blobBytes() + usage.layerDirBytes();
    // No container of strata's uses an image yet, so all of it is reclaimable, as docker counts.
    DiskUsageReport.Category images =
        new DiskUsageReport.Category("Images", usage.images().size(), 0, imageBytes, imageBytes);

    List<DiskUsageReport.ContainerUsage> containers = new ArrayList<>();
    for (Path dir : children(store.containersDir())) {
      containers.add(
          new DiskUsageReport.ContainerUsage(dir.getFileName().toString(), Trees.size(dir)));
    }
    long containerBytes = containers.stream().mapToLong(c -> c.size()).sum();

    List<DiskUsageReport.VolumeUsage> volumes = new ArrayList<>();
    for (Path dir : children(store.volumesDir())) {
      volumes.add(
          new DiskUsageReport.VolumeUsage(dir.getFileName().toString(), 0, Trees.size(dir)));
    }
    long volumeBytes = volumes.stream().mapToLong(v -> v.size()).sum();
    long cacheBytes = Trees.size(store.cacheDir());

    List<DiskUsageReport.ImageUsage> rows = new ArrayList<>();
    if (verbose) {
      for (DiskUsage.ImageUsage u : usage.images()) {
        Instant when = created.get(u.id());
        if (u.references().isEmpty()) {
          rows.add(row(ImageSummary.NONE, ImageSummary.NONE, u, when));
        }
        for (ImageReference ref : u.references()) {
          rows.add(
              row(
                  ref.name().familiar(),
                  ref.tag() == null ? ImageSummary.NONE : ref.tag(),
                  u,
                  when));
        }
      }
    }
    return new DiskUsageReport(
        images,
        new DiskUsageReport.Category(
            "Containers", containers.size(), 0, containerBytes, containerBytes),
        new DiskUsageReport.Category("Local Volumes", volumes.size(), 0, volumeBytes, volumeBytes),
        new DiskUsageReport.Category("Build Cache", 0, 0, cacheBytes, cacheBytes),
        rows,
        verbose ? containers : List.of(),
        verbose ? volumes : List.of());
  }

  private static DiskUsageReport.ImageUsage row(
      String repository, String tag, DiskUsage.ImageUsage u, Instant created) {
    return new DiskUsageReport.ImageUsage(
        repository, tag, u.id().toString(), created, u.size(), u.sharedSize(), u.uniqueSize(), 0);
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(p);
        }
      }
    }
    out.sort(null);
    return out;
  }
}
