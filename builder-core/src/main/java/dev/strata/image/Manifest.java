package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import java.util.List;
import java.util.Map;

/**
 * An image manifest, OCI ({@code application/vnd.oci.image.manifest.v1+json}) or Docker schema 2
 * ({@code application/vnd.docker.distribution.manifest.v2+json}): the config descriptor and the
 * layer descriptors, base first, plus annotations and the OCI 1.1 {@code subject} and {@code
 * artifactType}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
    @JsonProperty(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
    String mediaType,
    String artifactType,
    @JsonProperty(required = true) Descriptor config,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> layers,
    Descriptor subject,
    Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public Manifest {
    if (schemaVersion != 2) {
      throw new StrataException(
          "unsupported manifest schemaVersion " + schemaVersion + " (want 2)");
    }
    mediaType = Copies.emptyToNull(mediaType);
    if (mediaType != null && !MediaTypes.isManifest(mediaType)) {
      throw new StrataException("not an image manifest: mediaType " + mediaType);
    }
    if (config == null) {
      throw new StrataException("manifest without a config descriptor");
    }
    artifactType = Copies.emptyToNull(artifactType);
    layers = Copies.list(layers);
    annotations = Copies.map(annotations);
    extra = Copies.extra(extra);
  }

  /** A manifest of the given media type (OCI or Docker) with no annotations. */
  public static Manifest of(String mediaType, Descriptor config, List<Descriptor> layers) {
    return new Manifest(2, mediaType, null, config, layers, null, null, null);
  }

  public static Manifest parse(byte[] json, String what) {
    CanonicalJson.requireSchemaVersion2(json, what);
    return CanonicalJson.read(json, Manifest.class, what);
  }

  public byte[] toJson() {
    return CanonicalJson.write(this);
  }

  /** The media type, defaulting to OCI when the document does not say (OCI allows omitting it). */
  public String effectiveMediaType() {
    return mediaType == null ? MediaTypes.OCI_MANIFEST : mediaType;
  }

  public Manifest withAnnotations(Map<String, String> a) {
    return new Manifest(schemaVersion, mediaType, artifactType, config, layers, subject, a, extra);
  }
}
