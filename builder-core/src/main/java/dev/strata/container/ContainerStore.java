package dev.strata.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.GcRoots;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The containers of a store, one directory each under {@code containers/<id>/}: {@code config.json}
 * (a {@link ContainerRecord}) and {@code rw/}, the home of its read-write snapshot. Registers the
 * containers' images and layer directories as garbage-collection roots.
 */
public final class ContainerStore {
  static final String CONFIG = "config.json";
  static final String RW = "rw";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  private ContainerStore(Path dir) {
    this.dir = dir;
  }

  /** The containers of {@code store}, registered as its garbage-collection roots. */
  public static ContainerStore open(Store store) {
    ContainerStore containers = new ContainerStore(store.containersDir());
    store.addGcRoots(
        new GcRoots() {
          @Override
          public Set<Digest> blobs() throws IOException {
            Set<Digest> keep = new HashSet<>();
            for (ContainerRecord r : containers.list()) {
              keep.add(Digest.parse(r.image()));
            }
            return keep;
          }

          @Override
          public Set<Digest> layers() throws IOException {
            Set<Digest> keep = new HashSet<>();
            for (ContainerRecord r : containers.list()) {
              r.layers().forEach(l -> keep.add(Digest.parse(l)));
            }
            return keep;
          }
        });
    return containers;
  }

  /** A fresh 64-hex-digit id. */
  public static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The directory of container {@code id}. */
  public Path home(String id) {
    return dir.resolve(id);
  }

  /** The home of container {@code id}'s read-write snapshot. */
  public Path snapshotHome(String id) {
    return home(id).resolve(RW);
  }

  /** Where a detached container's output is recorded. */
  public Path logFile(String id) {
    return home(id).resolve("container.log");
  }

  /** Where the monitor of a detached container writes its own messages (not the container's). */
  public Path monitorLog(String id) {
    return home(id).resolve("monitor.log");
  }

  /** Every container, newest first. */
  public List<ContainerRecord> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ContainerRecord> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Path config = p.resolve(CONFIG);
        if (Files.isRegularFile(config)) {
          all.add(MAPPER.readValue(config.toFile(), ContainerRecord.class));
        }
      }
    }
    all.sort(Comparator.comparing(ContainerRecord::created).reversed());
    return all;
  }

  /** Writes {@code record} (atomically), creating its directory when new. */
  public void save(ContainerRecord record) throws IOException {
    Path home = home(record.id());
    Files.createDirectories(home);
    Path tmp = home.resolve(CONFIG + ".tmp");
    MAPPER.writeValue(tmp.toFile(), record);
    Files.move(tmp, home.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Refuses {@code name} when another container has it or it is not a valid name. */
  public void checkNewName(String name) throws IOException {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new StrataException(
          "invalid container name \""
              + name
              + "\": use letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
    for (ContainerRecord r : list()) {
      if (r.name().equals(name)) {
        throw new StrataException(
            "container name \""
                + name
                + "\" is already in use by container "
                + r.id().substring(0, 12)
                + ": remove it or choose another name");
      }
    }
  }

  /** The container named {@code ref}, or whose id is {@code ref} or starts with it uniquely. */
  public ContainerRecord resolve(String ref) throws IOException {
    List<ContainerRecord> all = list();
    for (ContainerRecord r : all) {
      if (r.name().equals(ref) || r.id().equals(ref)) {
        return r;
      }
    }
    List<ContainerRecord> prefixed =
        ref.isEmpty() ? List.of() : all.stream().filter(r -> r.id().startsWith(ref)).toList();
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    if (prefixed.size() > 1) {
      throw new StrataException(
          "container id prefix \""
              + ref
              + "\" is ambiguous: it matches "
              + prefixed.size()
              + " containers");
    }
    throw new StrataException("no such container: " + ref);
  }

  /** The container with full id {@code id}, or empty when there is none (any more). */
  public Optional<ContainerRecord> find(String id) throws IOException {
    Path config = home(id).resolve(CONFIG);
    try {
      return Optional.of(MAPPER.readValue(config.toFile(), ContainerRecord.class));
    } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Deletes container {@code id}'s directory (its snapshot must be removed already). */
  public void delete(String id) throws IOException {
    TreeDeletion.delete(home(id));
  }
}
