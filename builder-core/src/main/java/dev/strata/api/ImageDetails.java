package dev.strata.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code strata inspect} shows of one image, in the shape of {@code docker image inspect}:
 * {@code id} (the manifest or index digest), names ({@code app:1.0}) and digests ({@code
 * app@sha256:...}), creation time, author and comment, the container defaults ({@code config}, with
 * Docker's field names), platform, the layers' diff ids, and {@code size} (config and layer blobs
 * as stored).
 */
public record ImageDetails(
    String id,
    List<String> repoTags,
    List<String> repoDigests,
    Instant created,
    String author,
    String comment,
    Map<String, Object> config,
    String architecture,
    String variant,
    String os,
    long size,
    List<String> layers) {

  /** Go's zero time, which docker prints for an image without a creation time. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final ObjectWriter JSON = new ObjectMapper().writer(new DockerIndent());

  /** Go's json.MarshalIndent with four spaces: {@code "key": value}, empty containers as {}. */
  private static final class DockerIndent extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    DockerIndent() {
      _separators =
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
      _objectFieldValueSeparatorWithSpaces = ": ";
      indentObjectsWith(new DefaultIndenter("    ", "\n"));
      indentArraysWith(new DefaultIndenter("    ", "\n"));
    }

    @Override
    public DockerIndent createInstance() {
      return new DockerIndent();
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (entries == 0) {
        _nesting--;
        g.writeRaw('}');
        return;
      }
      super.writeEndObject(g, entries);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int entries) throws IOException {
      if (entries == 0) {
        _nesting--;
        g.writeRaw(']');
        return;
      }
      super.writeEndArray(g, entries);
    }
  }

  public ImageDetails {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    config = config == null ? Map.of() : config;
    layers = List.copyOf(layers);
  }

  /** This image as docker prints it: the keys and their order of {@code docker image inspect}. */
  public Map<String, Object> toDockerMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", id);
    m.put("RepoTags", repoTags);
    m.put("RepoDigests", repoDigests);
    m.put("Parent", "");
    m.put("Comment", comment == null ? "" : comment);
    m.put("Created", created == null ? ZERO_TIME : created.toString());
    m.put("Author", author == null ? "" : author);
    m.put("Config", config);
    m.put("Architecture", architecture == null ? "" : architecture);
    if (variant != null) {
      m.put("Variant", variant);
    }
    m.put("Os", os == null ? "" : os);
    m.put("Size", size);
    Map<String, Object> rootfs = new LinkedHashMap<>();
    rootfs.put("Type", "layers");
    rootfs.put("Layers", layers);
    m.put("RootFS", rootfs);
    return m;
  }

  /** A JSON array of the images, indented as docker indents it. */
  public static String toJson(List<ImageDetails> images) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ImageDetails d : images) {
      out.add(d.toDockerMap());
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode image details", e);
    }
  }
}
