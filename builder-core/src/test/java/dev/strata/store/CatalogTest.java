package dev.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  @TempDir Path tmp;

  private static Catalog referencing(String name, String content) {
    Map<String, Digest> refs = new TreeMap<>();
    refs.put(name, Digest.sha256(content));
    return Catalog.empty().withReferences(refs);
  }

  @Test
  void aReadSeesEveryReplacementOfTheFile() throws IOException {
    Path file = tmp.resolve("images.json");
    Path staging = Files.createDirectory(tmp.resolve("staging"));
    assertThat(Catalog.read(file)).isEqualTo(Catalog.empty());

    referencing("docker.io/library/a:1", "one").write(file, staging);
    assertThat(Catalog.read(file)).isEqualTo(referencing("docker.io/library/a:1", "one"));
    // The same version again: the same value, parsed once.
    assertThat(Catalog.read(file)).isSameAs(Catalog.read(file));

    // Same size, another writer: a new file at the path is read again.
    referencing("docker.io/library/b:1", "two").write(file, staging);
    assertThat(Catalog.read(file)).isEqualTo(referencing("docker.io/library/b:1", "two"));

    Files.delete(file);
    assertThat(Catalog.read(file)).isEqualTo(Catalog.empty());
  }
}
