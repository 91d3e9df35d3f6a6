package dev.strata.dockerfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The BuildKit parser corpus copied into the test resources (see its NOTICE). */
final class Corpus {
  private Corpus() {}

  static Path root() {
    URL url = Corpus.class.getResource("/conformance/buildkit-parser");
    if (url == null) {
      throw new IllegalStateException("conformance/buildkit-parser is not on the test classpath");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The case folders under {@code folder}, sorted by name. */
  static List<Path> cases(String folder) {
    try (Stream<Path> s = Files.list(root().resolve(folder))) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
