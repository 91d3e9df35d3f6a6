package dev.strata.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.fs.TreeDeletion;
import dev.strata.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** The named volumes of a store, one directory each under {@code volumes/<name>/}. */
public final class VolumeStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RECORD = "volume.json";

  private final Path dir;

  public VolumeStore(Store store) {
    this.dir = store.volumesDir();
  }

  /** The driver called {@code name}, found through {@link ServiceLoader}. */
  public static VolumeDriver driver(String name) {
    for (VolumeDriver d : ServiceLoader.load(VolumeDriver.class)) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new StrataException("unknown volume driver \"" + name + "\": use local");
  }

  /** Refuses names docker refuses: they become directory names. */
  public static void checkName(String name) {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new StrataException(
          "invalid volume name \""
              + name
              + "\": use letters, digits, '_', '.' and '-', starting with a letter or digit");
    }
  }

  /** Whether volume {@code name} exists. */
  public boolean exists(String name) {
    return Files.isRegularFile(dir.resolve(name).resolve(RECORD));
  }

  /** Creates volume {@code name}; an existing one is returned as it is, as docker does. */
  public VolumeRecord create(String name, String driverName, Map<String, String> labels)
      throws IOException {
    checkName(name);
    if (exists(name)) {
      return get(name);
    }
    VolumeDriver driver = driver(driverName);
    Path home = dir.resolve(name);
    VolumeRecord record = new VolumeRecord(name, driver.name(), labels, Instant.now().toString());
    try {
      Files.createDirectories(home);
      driver.create(home, Map.of());
      Path tmp = home.resolve(RECORD + ".tmp");
      MAPPER.writeValue(tmp.toFile(), record);
      Files.move(tmp, home.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      TreeDeletion.delete(home);
      throw e;
    }
    return record;
  }

  /** Volume {@code name}. */
  public VolumeRecord get(String name) throws IOException {
    checkName(name);
    if (!exists(name)) {
      throw new StrataException("no such volume: " + name);
    }
    return MAPPER.readValue(dir.resolve(name).resolve(RECORD).toFile(), VolumeRecord.class);
  }

  /** Where a container mounts volume {@code name} from. */
  public Path mountpoint(String name) throws IOException {
    VolumeRecord r = get(name);
    return driver(r.driver()).mountpoint(dir.resolve(name));
  }

  /** Every volume, by name. */
  public List<VolumeRecord> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<VolumeRecord> all = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p.resolve(RECORD))) {
          all.add(MAPPER.readValue(p.resolve(RECORD).toFile(), VolumeRecord.class));
        }
      }
    }
    all.sort(Comparator.comparing(VolumeRecord::name));
    return all;
  }

  /** Deletes volume {@code name} and its data; the caller checks that no container uses it. */
  public void remove(String name) throws IOException {
    VolumeRecord r = get(name);
    driver(r.driver()).remove(dir.resolve(name));
    TreeDeletion.delete(dir.resolve(name));
  }
}
