package dev.strata.benchmarks;

import dev.strata.layer.Compression;
import dev.strata.layer.LayerBlob;
import dev.strata.layer.LayerWriter;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For side-by-side scripts: {@code generate DIR [FILES BYTES]} makes the benchmark tree and prints
 * its byte count; {@code write DIR OUT gzip|zstd|none} writes it as a layer with strata.
 */
public final class WriteLayer {
  private WriteLayer() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("generate")) {
      int files = args.length > 2 ? Integer.parseInt(args[2]) : LayerWriteBenchmark.FILES;
      long bytes = args.length > 3 ? Long.parseLong(args[3]) : LayerWriteBenchmark.BYTES;
      System.out.println(LayerTree.generate(Path.of(args[1]), files, bytes, 42));
      return;
    }
    if (args.length == 4 && args[0].equals("write")) {
      LayerWriter writer =
          new LayerWriter(
              LayerWriter.Options.defaults().withCompression(Compression.parse(args[3])));
      try (OutputStream out =
          new BufferedOutputStream(Files.newOutputStream(Path.of(args[2])), 1 << 16)) {
        LayerBlob blob = writer.writeTree(Path.of(args[1]), out);
        System.err.println(blob);
      }
      return;
    }
    if (args.length == 3 && args[0].equals("apply")) {
      try (java.io.InputStream in = Files.newInputStream(Path.of(args[1]))) {
        System.err.println(new dev.strata.layer.LayerApplier().apply(in, Path.of(args[2])));
      }
      return;
    }
    System.err.println(
        "usage: WriteLayer generate DIR [FILES BYTES] | write DIR OUT gzip|zstd|none"
            + " | apply LAYER DIR");
    System.exit(2);
  }
}
