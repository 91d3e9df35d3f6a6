package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes of layer directories that share files through hard links. */
class TreesTest {
  @TempDir Path tmp;

  @Test
  void aFileIsCountedOnceAndFreedOnlyWhenNoNameOfItIsLeftOutside() throws IOException {
    Path layer = Files.createDirectories(tmp.resolve("layer/sub"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.write(layer.resolve("one"), new byte[10]);
    Files.write(layer.resolve("two"), new byte[20]);
    Files.createLink(layer.resolve("two-again"), layer.resolve("two"));
    Files.write(layer.resolve("shared"), new byte[30]);
    Files.createLink(other.resolve("shared"), layer.resolve("shared"));
    Files.createSymbolicLink(layer.resolve("link"), Path.of("one"));

    assertThat(Trees.size(tmp.resolve("layer"))).isEqualTo(60);
    assertThat(Trees.freedByRemoving(tmp.resolve("layer"))).isEqualTo(30);
    assertThat(Trees.size(tmp.resolve("missing"))).isZero();
  }
}
