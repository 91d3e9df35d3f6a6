package dev.strata.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A deterministic tree that looks like a real image layer: nested directories, files whose sizes
 * spread from a few bytes to megabytes, about 60% of the bytes compressible text (source-like lines
 * from a vocabulary) and 40% incompressible (random, like binaries and archives), and some
 * symlinks. The same seed gives the same tree on any machine.
 */
public final class LayerTree {
  private static final String[] WORDS = {
    "import", "return", "static", "final", "class", "layer", "digest", "public", "void", "string",
    "buffer", "stream", "config", "value", "error", "index", "build", "cache", "mount", "image",
    "{", "}", "(", ")", ";", "=", "+", "if", "else", "for", "while", "new", "null", "true", "false"
  };

  private LayerTree() {}

  /** Creates {@code files} files of about {@code totalBytes} in all under {@code root}. */
  public static long generate(Path root, int files, long totalBytes, long seed) throws IOException {
    Random r = new Random(seed);
    List<Path> dirs = new ArrayList<>();
    dirs.add(Files.createDirectories(root));
    int dirCount = Math.max(1, files / 25);
    for (int i = 0; i < dirCount; i++) {
      Path parent = dirs.get(r.nextInt(Math.min(dirs.size(), 1 + i / 3 + 1)));
      dirs.add(Files.createDirectories(parent.resolve("d" + i)));
    }
    // Log-normal-like sizes, scaled to the requested total.
    double[] weights = new double[files];
    double sum = 0;
    for (int i = 0; i < files; i++) {
      weights[i] = Math.exp(r.nextGaussian() * 1.5);
      sum += weights[i];
    }
    long written = 0;
    for (int i = 0; i < files; i++) {
      int size = (int) Math.max(1, Math.round(weights[i] / sum * totalBytes));
      boolean text = r.nextDouble() < 0.6;
      byte[] content = text ? text(r, size) : random(r, size);
      Path dir = dirs.get(r.nextInt(dirs.size()));
      Files.write(dir.resolve((text ? "src" : "bin") + i + (text ? ".java" : ".so")), content);
      written += size;
      if (i % 100 == 0) {
        Files.createSymbolicLink(dir.resolve("link" + i), Path.of("../" + "f" + i));
      }
    }
    return written;
  }

  private static byte[] random(Random r, int size) {
    byte[] b = new byte[size];
    r.nextBytes(b);
    return b;
  }

  private static byte[] text(Random r, int size) {
    StringBuilder sb = new StringBuilder(size + 64);
    while (sb.length() < size) {
      int indent = r.nextInt(4);
      sb.append("    ".repeat(indent));
      int words = 3 + r.nextInt(9);
      for (int w = 0; w < words; w++) {
        sb.append(WORDS[r.nextInt(WORDS.length)]);
        if (r.nextInt(5) == 0) {
          sb.append(r.nextInt(1000));
        }
        sb.append(' ');
      }
      sb.append('\n');
    }
    byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(b, size);
  }

  /** Deletes a tree made for a benchmark. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
