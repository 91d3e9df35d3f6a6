package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.StrataException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image index (OCI {@code application/vnd.oci.image.index.v1+json}) or Docker manifest list:
 * manifests for several platforms, each descriptor carrying its {@link Platform}. Also the form of
 * an OCI layout's {@code index.json}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
    @JsonProperty(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
    String mediaType,
    String artifactType,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests,
    Descriptor subject,
    Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

  public Index {
    if (schemaVersion != 2) {
      throw new StrataException("unsupported index schemaVersion " + schemaVersion + " (want 2)");
    }
    mediaType = Copies.emptyToNull(mediaType);
    if (mediaType != null && !MediaTypes.isIndex(mediaType)) {
      throw new StrataException("not an image index: mediaType " + mediaType);
    }
    artifactType = Copies.emptyToNull(artifactType);
    manifests = Copies.list(manifests);
    annotations = Copies.map(annotations);
    extra = Copies.extra(extra);
  }

  public static Index of(String mediaType, List<Descriptor> manifests) {
    return new Index(2, mediaType, null, manifests, null, null, null);
  }

  public static Index parse(byte[] json, String what) {
    CanonicalJson.requireSchemaVersion2(json, what);
    return CanonicalJson.read(json, Index.class, what);
  }

  public byte[] toJson() {
    return CanonicalJson.write(this);
  }

  /**
   * The first image manifest for {@code platform} (compared after normalization), skipping entries
   * without a platform and non-manifest entries such as attestations.
   */
  public Optional<Descriptor> manifestFor(Platform platform) {
    return manifests.stream()
        .filter(d -> MediaTypes.isManifest(d.mediaType()))
        .filter(d -> d.platform() != null && d.platform().matches(platform))
        .findFirst();
  }
}
