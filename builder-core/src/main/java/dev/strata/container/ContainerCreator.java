package dev.strata.container;

import dev.strata.Digest;
import dev.strata.driver.LayerChain;
import dev.strata.driver.Snapshot;
import dev.strata.driver.StorageDriver;
import dev.strata.driver.StorageDrivers;
import dev.strata.fs.TreeDeletion;
import dev.strata.image.Platform;
import dev.strata.store.ResolvedImage;
import dev.strata.store.Store;
import dev.strata.volume.VolumeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates containers: resolves the image and what the container runs, parses its mounts ({@code
 * -v}, {@code --mount}, the image's VOLUMEs), and writes its record and the read-write snapshot the
 * storage driver makes in the container's directory, filling new volumes from the image.
 */
public final class ContainerCreator {
  private final Store store;
  private final ContainerStore containers;
  private final VolumeStore volumes;

  public ContainerCreator(Store store, ContainerStore containers) {
    this.store = store;
    this.containers = containers;
    this.volumes = new VolumeStore(store);
  }

  /** What {@code strata run} asks for besides the process overrides. */
  public record Options(
      String image,
      String name,
      LaunchConfig.Overrides overrides,
      String driver,
      String executor,
      String network,
      List<String> volumes,
      List<String> mounts,
      boolean readOnly,
      boolean autoRemove) {}

  /**
   * A new container of {@code options.image()} with its snapshot prepared and released again;
   * nothing is left behind when this fails.
   */
  public ContainerRecord create(Options options) throws IOException {
    String network = options.network() == null ? "host" : options.network();
    ContainerLauncher.networkMode(network);
    Digest imageId = store.images().resolve(options.image());
    ResolvedImage image = ResolvedImage.read(store.blobs(), imageId, Platform.host());
    LaunchConfig launch =
        LaunchConfig.resolve(image.config().config(), options.overrides(), options.image());
    String id = ContainerStore.newId();
    String name = options.name();
    if (name == null) {
      name = "c-" + id.substring(0, 12);
    }
    containers.checkNewName(name);
    List<VolumeMount> mounts = new ArrayList<>();
    for (String v : options.volumes()) {
      mounts.add(VolumeMount.parse(v));
    }
    for (String spec : options.mounts()) {
      mounts.add(MountFlag.parse(spec, ContainerStore.newId()));
    }
    java.util.Set<String> images = image.config().config().volumes();
    for (String path : images == null ? java.util.Set.<String>of() : images) {
      String target = path.startsWith("/") ? path : "/" + path;
      if (mounts.stream().noneMatch(m -> m.target().equals(target))) {
        mounts.add(VolumeMount.anonymous(ContainerStore.newId(), target));
      }
    }
    StorageDriver driver = StorageDrivers.select(options.driver(), store).driver();
    LayerChain chain = LayerChain.of(image.manifest(), image.config());
    ContainerRecord record =
        new ContainerRecord(
            id,
            name,
            imageId.toString(),
            options.image(),
            chain.chainIds().stream().map(Digest::toString).toList(),
            driver.name(),
            options.executor() == null ? "runc" : options.executor(),
            network,
            launch,
            mounts,
            Instant.now().toString(),
            "created",
            0,
            0,
            0,
            options.readOnly(),
            options.autoRemove(),
            0,
            0);
    try {
      containers.save(record);
      Snapshot snapshot =
          driver.prepare(chain, "c-" + id.substring(0, 12), containers.snapshotHome(id));
      try {
        for (VolumeMount m : mounts) {
          if (m.volume() && !volumes.exists(m.source())) {
            // A new named volume starts with what the image has at that path, as docker does.
            Path data = volumes.mountpoint(volumes.create(m.source(), "local", Map.of()).name());
            VolumeSeed.copy(snapshot.rootfs(), m.target(), data);
          }
        }
      } finally {
        driver.release(snapshot);
      }
      return record;
    } catch (IOException | RuntimeException e) {
      TreeDeletion.delete(containers.home(id));
      throw e;
    }
  }
}
