package dev.strata.store.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Hand-written OCI layouts for tests of other packages. */
public final class TestLayouts {
  private TestLayouts() {}

  /** A layout with one image named {@code name}: one layer step for {@code tar}, then CMD. */
  public static Path write(Path dir, String name, byte[] tar) throws IOException {
    return OciLayouts.write(dir, name, List.of(tar));
  }
}
