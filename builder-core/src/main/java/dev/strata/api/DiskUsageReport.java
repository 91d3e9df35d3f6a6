package dev.strata.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code strata system df}: one {@link Category} per kind of content (images, containers, local
 * volumes, build cache) with docker's TOTAL, ACTIVE, SIZE and RECLAIMABLE, and with {@code -v} the
 * rows behind them. Sizes are bytes on disk; image sizes count blobs as stored (layers compressed)
 * plus the extracted layer directories.
 */
public record DiskUsageReport(
    Category images,
    Category containers,
    Category volumes,
    Category buildCache,
    List<ImageUsage> imageRows,
    List<ContainerUsage> containerRows,
    List<VolumeUsage> volumeRows) {
  public DiskUsageReport {
    imageRows = List.copyOf(imageRows);
    containerRows = List.copyOf(containerRows);
    volumeRows = List.copyOf(volumeRows);
  }

  /** One line of the summary table. */
  public record Category(String type, int total, int active, long size, long reclaimable) {}

  /**
   * One image under one name: its size, the part shared with other images and the part only it
   * uses, and how many containers use it.
   */
  public record ImageUsage(
      String repository,
      String tag,
      String id,
      Instant created,
      long size,
      long sharedSize,
      long uniqueSize,
      int containers) {
    public String shortId() {
      return Ids.shortId(id);
    }
  }

  /** A container's directory in the store and the bytes it holds. */
  public record ContainerUsage(String id, long size) {}

  /** A named volume and the bytes of its data. */
  public record VolumeUsage(String name, int links, long size) {}
}
