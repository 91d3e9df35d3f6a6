package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.StrataException;

/**
 * The {@code oci-layout} file of an OCI image layout directory. Only version 1.0.0 exists; its
 * {@code index.json} is an {@link Index} and its blobs live under {@code blobs/<alg>/<encoded>}.
 */
public record ImageLayout(@JsonProperty(required = true) String imageLayoutVersion) {
  public static final String VERSION = "1.0.0";
  public static final ImageLayout CURRENT = new ImageLayout(VERSION);
  public static final String FILE = "oci-layout";
  public static final String INDEX_FILE = "index.json";

  public ImageLayout {
    if (!VERSION.equals(imageLayoutVersion)) {
      throw new StrataException(
          "unsupported OCI layout version \"" + imageLayoutVersion + "\" (want " + VERSION + ")");
    }
  }

  public static ImageLayout parse(byte[] json, String what) {
    return CanonicalJson.read(json, ImageLayout.class, what);
  }

  public byte[] toJson() {
    return CanonicalJson.write(this);
  }
}
