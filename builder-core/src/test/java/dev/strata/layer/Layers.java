package dev.strata.layer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Short forms for tests: write a tree, apply bytes, list entries. */
final class Layers {
  private Layers() {}

  record Written(LayerBlob blob, byte[] bytes) {}

  static Written writeTree(Path root, LayerWriter.Options options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerBlob blob = new LayerWriter(options).writeTree(root, out);
    return new Written(blob, out.toByteArray());
  }

  static byte[] tarOf(Path root) throws IOException {
    return writeTree(root, LayerWriter.Options.defaults().withCompression(Compression.NONE))
        .bytes();
  }

  static byte[] write(Path root, ChangeSet changes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LayerWriter(LayerWriter.Options.defaults().withCompression(Compression.NONE))
        .write(root, changes, out);
    return out.toByteArray();
  }

  static LayerApplier.Result apply(byte[] layer, Path target) throws IOException {
    return new LayerApplier().apply(new ByteArrayInputStream(layer), target);
  }

  static LayerApplier.Result apply(byte[] layer, Path target, LayerApplier.Options options)
      throws IOException {
    return new LayerApplier(options).apply(new ByteArrayInputStream(layer), target);
  }

  static List<LayerEntry> entries(byte[] layer) {
    return LayerReader.list(new ByteArrayInputStream(layer));
  }

  /** Entry paths with a type mark: "d etc", "- etc/passwd", "W old", "O dir". */
  static List<String> listing(byte[] layer) {
    return entries(layer).stream()
        .map(e -> e.toString().charAt(0) + " " + (e.path().isEmpty() ? "." : e.path()))
        .collect(Collectors.toList());
  }
}
