package dev.strata.store.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import dev.strata.layer.Compression;
import dev.strata.store.BlobVerificationException;
import dev.strata.store.ResolvedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code docker save} tarball: {@code manifest.json} lists each image's config file, its
 * layer files (base first) and its {@code RepoTags}. Both layouts docker has written are read: the
 * legacy one ({@code <id>/layer.tar}, {@code <hex>.json}) and the one of Docker 25 and later, whose
 * files live under {@code blobs/sha256/}. Layer files are stored as they are (usually uncompressed
 * tars; gzip and zstd are detected), each checked against its config's diff id; the config keeps
 * its bytes, and strata writes the Docker schema 2 manifest that the archive does not carry.
 */
final class DockerArchiveReader {
  static final String MANIFEST = "manifest.json";
  private static final Pattern NAMED_BY_DIGEST =
      Pattern.compile("(?:.*/)?(?:blobs/sha256/)?([a-f0-9]{64})(?:\\.json)?");

  private final ArchiveFiles files;
  private final LoadTarget target;

  DockerArchiveReader(ArchiveFiles files, LoadTarget target) {
    this.files = files;
    this.target = target;
  }

  List<LoadedImage> read() throws IOException {
    String where = MANIFEST + " in " + files.describe();
    JsonNode root = CanonicalJson.tree(files.document(MANIFEST, ResolvedImage.MAX_DOCUMENT), where);
    if (!root.isArray() || root.isEmpty()) {
      throw new StrataException("invalid " + where + ": want a non-empty array of images");
    }
    List<LoadedImage> images = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      images.add(image(root.get(i), " (image " + (i + 1) + " of " + where + ")"));
    }
    return images;
  }

  private LoadedImage image(JsonNode entry, String at) throws IOException {
    if (!entry.isObject()) {
      throw new StrataException("invalid entry" + at + ": want an object");
    }
    String configName = text(entry.get("Config"), "Config", at);
    List<String> layerNames = texts(entry.get("Layers"), "Layers", at, false);
    List<String> tags = texts(entry.get("RepoTags"), "RepoTags", at, true);

    if (!files.exists(configName)) {
      throw new StrataException(
          "config "
              + configName
              + at
              + " is not in the archive (the manifest names a missing file)");
    }
    byte[] configBytes = files.document(configName, ResolvedImage.MAX_DOCUMENT);
    Digest configDigest = Digest.sha256(configBytes);
    Matcher named = NAMED_BY_DIGEST.matcher(configName);
    if (named.matches() && !named.group(1).equals(configDigest.encoded())) {
      throw new BlobVerificationException(
          "config " + configName + at + ": content hashes to " + configDigest);
    }
    ImageConfig config = ImageConfig.parse(configBytes, "image config " + configName + at);
    if (config.diffIds().size() != layerNames.size()) {
      throw new StrataException(
          "image"
              + at
              + " has "
              + layerNames.size()
              + " layers but its config lists "
              + config.diffIds().size()
              + " diff ids");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerNames.size(); i++) {
      String name = layerNames.get(i);
      if (!files.exists(name)) {
        throw new StrataException(
            "layer " + name + at + " is not in the archive (the manifest names a missing file)");
      }
      Compression c;
      try (InputStream in = new BufferedInputStream(files.open(name), 16)) {
        c = Compression.detect(in);
      }
      String mediaType =
          MediaTypes.layer(dev.strata.image.Compression.valueOf(c.name()), /* docker= */ true);
      long size = files.size(name);
      Digest blob = target.copy(files, name);
      Matcher m = NAMED_BY_DIGEST.matcher(name);
      if (name.startsWith("blobs/") && m.matches() && !m.group(1).equals(blob.encoded())) {
        throw new BlobVerificationException("layer " + name + at + ": content hashes to " + blob);
      }
      LayerCheck.verify(
          target.store().blobs(), blob, mediaType, config.diffIds().get(i), " (" + name + ")" + at);
      layers.add(new Descriptor(mediaType, blob, size));
    }
    Descriptor configDescriptor = target.put(MediaTypes.DOCKER_CONFIG, configBytes);
    Manifest manifest = Manifest.of(MediaTypes.DOCKER_MANIFEST, configDescriptor, layers);
    Descriptor m = target.put(MediaTypes.DOCKER_MANIFEST, manifest.toJson());
    List<ImageReference> names = new ArrayList<>();
    for (String tag : tags) {
      try {
        ImageReference ref = ImageReference.parse(tag).withDefaultTag();
        if (ref.tag() != null) {
          names.add(ref.withTag(ref.tag()));
        }
      } catch (StrataException e) {
        throw new StrataException(
            "invalid RepoTags entry \"" + tag + "\"" + at + ": " + e.getMessage());
      }
    }
    return new LoadedImage(m.digest(), names);
  }

  private static String text(JsonNode node, String field, String at) {
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw new StrataException("invalid entry" + at + ": " + field + " must be a file name");
    }
    return node.asText();
  }

  private static List<String> texts(JsonNode node, String field, String at, boolean optional) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      if (optional) {
        return out;
      }
      throw new StrataException("invalid entry" + at + ": " + field + " is missing");
    }
    if (!node.isArray()) {
      throw new StrataException("invalid entry" + at + ": " + field + " must be an array");
    }
    for (JsonNode n : node) {
      out.add(text(n, field, at));
    }
    return out;
  }
}
