package dev.strata.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import dev.strata.image.ChainId;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageConfig;
import dev.strata.image.Index;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a root blob keeps alive: for a manifest its config and layers, for an index its present
 * child manifests (an index pulled for one platform lacks the others, which is fine) and theirs;
 * for any other blob just itself. Also the chain ids of every manifest's layer stack, and the
 * problems that make the content incomplete.
 */
record ImageContent(Digest root, Set<Digest> present, Set<Digest> chainIds, List<String> problems) {

  private static final int MAX_DOCUMENT = 4 << 20;

  boolean complete() {
    return problems.isEmpty();
  }

  /** Walks from {@code root}, whose media type is sniffed when {@code mediaType} is null. */
  static ImageContent walk(BlobSource blobs, Digest root, String mediaType) throws IOException {
    Set<Digest> present = new LinkedHashSet<>();
    Set<Digest> chains = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    visit(blobs, root, mediaType, true, present, chains, problems, 0);
    return new ImageContent(root, Set.copyOf(present), Set.copyOf(chains), List.copyOf(problems));
  }

  private static void visit(
      BlobSource blobs,
      Digest digest,
      String mediaType,
      boolean required,
      Set<Digest> present,
      Set<Digest> chains,
      List<String> problems,
      int depth)
      throws IOException {
    if (!present.add(digest)) {
      return;
    }
    if (!blobs.exists(digest)) {
      present.remove(digest);
      if (required) {
        problems.add((depth == 0 ? "manifest " : "blob ") + digest + " is missing");
      }
      return;
    }
    Kind kind = kind(blobs, digest, mediaType);
    if (kind == Kind.OTHER) {
      return;
    }
    boolean isIndex = kind == Kind.INDEX;
    boolean isManifest = kind == Kind.MANIFEST;
    String what = digest.toString();
    try {
      byte[] bytes = blobs.readAllBytes(digest);
      if (isIndex) {
        if (depth > 4) {
          problems.add("index " + what + " nests too deeply");
          return;
        }
        Index index = Index.parse(bytes, "index " + what);
        int found = 0;
        for (Descriptor child : index.manifests()) {
          if (blobs.exists(child.digest())) {
            found++;
          }
          visit(
              blobs,
              child.digest(),
              child.mediaType(),
              false,
              present,
              chains,
              problems,
              depth + 1);
        }
        if (found == 0 && !index.manifests().isEmpty()) {
          problems.add("index " + what + ": none of its manifests is in the store");
        }
      } else if (isManifest) {
        Manifest m = Manifest.parse(bytes, "manifest " + what);
        visit(
            blobs,
            m.config().digest(),
            m.config().mediaType(),
            true,
            present,
            chains,
            problems,
            depth + 1);
        boolean allLayers = true;
        for (Descriptor layer : m.layers()) {
          present.add(layer.digest());
          if (!blobs.exists(layer.digest())) {
            present.remove(layer.digest());
            problems.add("manifest " + what + ": layer " + layer.digest() + " is missing");
          }
          allLayers &= MediaTypes.isLayer(layer.mediaType());
        }
        if (allLayers
            && MediaTypes.isConfig(m.config().mediaType())
            && blobs.exists(m.config().digest())) {
          ImageConfig config =
              ImageConfig.parse(
                  blobs.readAllBytes(m.config().digest()), "image config " + m.config().digest());
          if (config.diffIds().size() != m.layers().size()) {
            problems.add(
                "manifest "
                    + what
                    + ": "
                    + m.layers().size()
                    + " layers but its config lists "
                    + config.diffIds().size()
                    + " diff ids");
          } else {
            chains.addAll(ChainId.all(config.diffIds()));
          }
        }
      }
    } catch (StrataException e) {
      problems.add(e.getMessage());
    }
  }

  private enum Kind {
    INDEX,
    MANIFEST,
    OTHER
  }

  /**
   * The declared media type decides; without one (a root named by a reference or a GC root) a small
   * blob that is a JSON object is taken for an index when it has {@code manifests} and for a
   * manifest when it has {@code config}.
   */
  private static Kind kind(BlobSource blobs, Digest digest, String mediaType) throws IOException {
    if (mediaType != null) {
      return MediaTypes.isIndex(mediaType)
          ? Kind.INDEX
          : MediaTypes.isManifest(mediaType) ? Kind.MANIFEST : Kind.OTHER;
    }
    if (blobs.size(digest) > MAX_DOCUMENT) {
      return Kind.OTHER;
    }
    byte[] bytes = blobs.readAllBytes(digest);
    int i = 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    if (i == bytes.length || bytes[i] != '{') {
      return Kind.OTHER;
    }
    JsonNode doc;
    try {
      doc = CanonicalJson.tree(bytes, digest.toString());
    } catch (StrataException e) {
      return Kind.OTHER;
    }
    String type = doc.path("mediaType").asText("");
    if (MediaTypes.isIndex(type) || (type.isEmpty() && doc.path("manifests").isArray())) {
      return Kind.INDEX;
    }
    if (MediaTypes.isManifest(type) || (type.isEmpty() && doc.path("config").isObject())) {
      return Kind.MANIFEST;
    }
    return Kind.OTHER;
  }
}
