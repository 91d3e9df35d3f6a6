package dev.strata.volume;

import dev.strata.fs.TreeDeletion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The {@code local} driver: the data lives in {@code volumes/<name>/_data}, as docker keeps it. */
public final class LocalVolumeDriver implements VolumeDriver {
  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Path create(Path home, Map<String, String> options) throws IOException {
    return Files.createDirectories(mountpoint(home));
  }

  @Override
  public Path mountpoint(Path home) {
    return home.resolve("_data");
  }

  @Override
  public void remove(Path home) throws IOException {
    TreeDeletion.delete(mountpoint(home));
  }
}
