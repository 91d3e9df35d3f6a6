package dev.strata.api;

import dev.strata.StrataException;
import dev.strata.container.ContainerRecord;
import dev.strata.container.ContainerStore;
import dev.strata.container.VolumeMount;
import dev.strata.store.Store;
import dev.strata.volume.VolumeRecord;
import dev.strata.volume.VolumeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The named volumes of one store: create, list, inspect, remove and prune. A volume that a
 * container (running or not) mounts is never removed. Every user error is a {@link StrataException}
 * with a one-line message.
 */
public final class Volumes implements AutoCloseable {
  private final Store store;
  private final VolumeStore volumes;
  private final ContainerStore containers;

  private Volumes(Store store) {
    this.store = store;
    this.volumes = new VolumeStore(store);
    this.containers = ContainerStore.open(store);
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static Volumes open(Path root) {
    return new Volumes(Store.open(root));
  }

  /** A volume: its name, driver, labels, where its data is and when it was created. */
  public record Volume(
      String name, String driver, Map<String, String> labels, String mountpoint, String created) {}

  /** {@code strata volume create}: an existing volume of that name is returned as it is. */
  public Volume create(String name, String driver, Map<String, String> labels) {
    return io(() -> view(volumes.create(name, driver == null ? "local" : driver, labels)));
  }

  /** {@code strata volume ls}. */
  public List<Volume> list() {
    return io(
        () -> {
          List<Volume> all = new ArrayList<>();
          for (VolumeRecord r : volumes.list()) {
            all.add(view(r));
          }
          return all;
        });
  }

  /** {@code strata volume inspect}. */
  public Volume inspect(String name) {
    return io(() -> view(volumes.get(name)));
  }

  /**
   * {@code strata volume rm}: refused for a volume a container uses; with {@code force} a missing
   * volume is not an error.
   */
  public void remove(String name, boolean force) {
    io(
        () -> {
          if (force && !volumes.exists(name)) {
            return null;
          }
          volumes.get(name);
          List<String> users = users(name);
          if (!users.isEmpty()) {
            throw new StrataException(
                "volume " + name + " is in use by container " + users.get(0) + ": remove it first");
          }
          volumes.remove(name);
          return null;
        });
  }

  /** {@code strata volume prune}: removes every volume no container uses; returns their names. */
  public List<String> prune() {
    return io(
        () -> {
          List<String> removed = new ArrayList<>();
          for (VolumeRecord r : volumes.list()) {
            if (users(r.name()).isEmpty()) {
              volumes.remove(r.name());
              removed.add(r.name());
            }
          }
          return removed;
        });
  }

  private List<String> users(String volume) throws IOException {
    List<String> users = new ArrayList<>();
    for (ContainerRecord c : containers.list()) {
      for (VolumeMount m : c.mounts()) {
        if (m.volume() && m.source().equals(volume)) {
          users.add(c.name());
        }
      }
    }
    return users;
  }

  private Volume view(VolumeRecord r) throws IOException {
    return new Volume(
        r.name(), r.driver(), r.labels(), volumes.mountpoint(r.name()).toString(), r.created());
  }

  private interface Work<T> {
    T run() throws IOException;
  }

  private <T> T io(Work<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      String m = e.getMessage();
      throw new StrataException(
          "store at " + store.root() + ": " + (m == null ? e.getClass().getSimpleName() : m), e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
