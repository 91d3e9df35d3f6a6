package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.util.List;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest or index says about a blob it points at (media type,
 * digest, size, and optionally urls, annotations, platform, artifact type and embedded data).
 * {@code data}, when present, is the base64 text as written.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
    @JsonProperty(required = true) String mediaType,
    @JsonProperty(required = true) Digest digest,
    @JsonProperty(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) long size,
    List<String> urls,
    Map<String, String> annotations,
    Platform platform,
    String artifactType,
    String data) {

  public Descriptor {
    if (mediaType == null || mediaType.isEmpty()) {
      throw new StrataException("descriptor without a mediaType");
    }
    if (digest == null) {
      throw new StrataException("descriptor without a digest");
    }
    if (size < 0) {
      throw new StrataException("descriptor " + digest + " has a negative size: " + size);
    }
    urls = Copies.list(urls);
    annotations = Copies.map(annotations);
    artifactType = Copies.emptyToNull(artifactType);
    data = Copies.emptyToNull(data);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null, null, null, null);
  }

  /** The descriptor of {@code content}: its sha256 and length. */
  public static Descriptor of(String mediaType, byte[] content) {
    return new Descriptor(mediaType, Digest.sha256(content), content.length);
  }

  public Descriptor withPlatform(Platform p) {
    return new Descriptor(mediaType, digest, size, urls, annotations, p, artifactType, data);
  }

  public Descriptor withAnnotations(Map<String, String> a) {
    return new Descriptor(mediaType, digest, size, urls, a, platform, artifactType, data);
  }

  public Descriptor withMediaType(String m) {
    return new Descriptor(m, digest, size, urls, annotations, platform, artifactType, data);
  }
}
