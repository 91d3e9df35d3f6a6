package dev.strata.store;

import dev.strata.Digest;
import dev.strata.image.ContainerConfig;
import dev.strata.image.Descriptor;
import dev.strata.image.History;
import dev.strata.image.ImageConfig;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Images built by hand for store tests: tar layers made with commons-compress, a config and a
 * manifest, all committed through the store's one ingest path. Also a minimal extractor standing in
 * for {@code dev.strata.layer}'s applier.
 */
final class Fixtures {
  private Fixtures() {}

  /** An uncompressed tar of regular files (path -> content), entries sorted, fixed metadata. */
  static byte[] tar(Map<String, String> files) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (var e : new TreeMap<>(files).entrySet()) {
          byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
          entry.setSize(content.length);
          entry.setMode(0644);
          entry.setModTime(0);
          out.putArchiveEntry(entry);
          out.write(content);
          out.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out = new GzipCompressorOutputStream(bytes)) {
        out.write(data);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test image as committed: its id (manifest digest) and its parts. */
  record TestImage(Digest id, Manifest manifest, ImageConfig config, List<Descriptor> layers) {
    List<Digest> diffIds() {
      return config.diffIds();
    }

    Digest configDigest() {
      return manifest.config().digest();
    }
  }

  /** Commits gzip layers for {@code tars}, a config and a manifest; does not record the image. */
  static TestImage image(BlobSink blobs, String label, List<byte[]> tars) throws IOException {
    List<Descriptor> layers = new ArrayList<>();
    ImageConfig config =
        ImageConfig.empty(Platform.parse("linux/amd64"))
            .withConfig(ContainerConfig.builder().label("test", label).build());
    for (byte[] tar : tars) {
      layers.add(blobs.put(MediaTypes.OCI_LAYER_GZIP, gzip(tar)));
      config = config.withLayer(Digest.sha256(tar), new History(null, null, "layer", null, false));
    }
    Descriptor configDesc = blobs.put(MediaTypes.OCI_CONFIG, config.toJson());
    Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, configDesc, layers);
    Descriptor m = blobs.put(MediaTypes.OCI_MANIFEST, manifest.toJson());
    return new TestImage(m.digest(), manifest, config, layers);
  }

  static final byte[] BASE = tar(Map.of("etc/os-release", "ID=test\n", "bin/sh", "#!\n"));

  static byte[] layer(String name) {
    return tar(Map.of("app/" + name, "content of " + name + "\n"));
  }

  /**
   * Extracts a (possibly gzipped) tar of regular files and directories into the target and returns
   * the sha256 of the uncompressed tar, as {@code dev.strata.layer}'s applier will.
   */
  static final LayerExtractor TAR =
      (InputStream blob, Path target) -> {
        BufferedInputStream in = new BufferedInputStream(blob);
        in.mark(2);
        boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        MessageDigest md = Digest.newSha256();
        InputStream raw =
            new DigestInputStream(gzipped ? new GzipCompressorInputStream(in) : in, md);
        TarArchiveInputStream tar = new TarArchiveInputStream(raw);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          Path p = target.resolve(e.getName()).normalize();
          if (!p.startsWith(target)) {
            throw new IOException("entry escapes the layer: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(p);
          } else {
            Files.createDirectories(p.getParent());
            Files.copy(tar, p);
          }
        }
        raw.transferTo(OutputStream.nullOutputStream());
        return Digest.of(md);
      };
}
