package dev.strata.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates documents against the OCI image-spec JSON schemas copied into {@code
 * src/test/resources/conformance/oci-image-spec-schema/} (draft-04). The schemas refer to each
 * other by {@code https://opencontainers.org/schema/...} URLs; every such URL is mapped to the
 * copied file of the same name (or, for the bare ids, the file that declares that id), so nothing
 * is fetched from the network. Shared with other packages' tests through the test jar.
 */
public final class OciSchemas {
  private static final String PREFIX = "https://opencontainers.org/schema/";
  private static final String FOLDER = "classpath:conformance/oci-image-spec-schema/";
  private static final Map<String, String> BY_ID =
      Map.of(
          "config", "config-schema.json",
          "descriptor", "content-descriptor.json",
          "index", "image-index-schema.json",
          "layout", "image-layout-schema.json",
          "manifest", "image-manifest-schema.json");
  private static final Map<String, String> BY_MEDIA_TYPE =
      Map.of(
          MediaTypes.OCI_DESCRIPTOR, "descriptor",
          MediaTypes.OCI_LAYOUT_HEADER, "layout",
          MediaTypes.OCI_MANIFEST, "manifest",
          MediaTypes.OCI_INDEX, "index",
          MediaTypes.OCI_CONFIG, "config");

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V4,
          b ->
              b.schemaMappers(m -> m.mappings(iri -> iri.startsWith(PREFIX), OciSchemas::fileFor)));
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private OciSchemas() {}

  static String fileFor(String iri) {
    String last = iri.substring(iri.lastIndexOf('/') + 1);
    int hash = last.indexOf('#');
    if (hash >= 0) {
      last = last.substring(0, hash);
    }
    String file = last.endsWith(".json") ? last : BY_ID.get(last);
    if (file == null) {
      throw new IllegalArgumentException("no copied schema for " + iri);
    }
    return FOLDER + file;
  }

  /** The schema violations of {@code json} as the OCI media type {@code mediaType}. */
  public static List<String> violations(String mediaType, byte[] json) {
    String id = BY_MEDIA_TYPE.get(mediaType);
    if (id == null) {
      throw new IllegalArgumentException("no OCI schema for " + mediaType);
    }
    String location = PREFIX + ("descriptor".equals(id) ? id : "image/" + id);
    JsonSchema schema =
        SCHEMAS.computeIfAbsent(id, k -> FACTORY.getSchema(SchemaLocation.of(location), CONFIG));
    try {
      JsonNode node = JSON.readTree(json);
      return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
