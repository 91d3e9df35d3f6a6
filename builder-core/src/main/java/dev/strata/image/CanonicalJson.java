package dev.strata.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The one JSON encoding strata writes image documents (configs, manifests, indexes, layouts) in, so
 * that the same value always gives the same bytes and therefore the same digest.
 *
 * <p>The encoding: object keys sorted by code point at every depth, no insignificant whitespace,
 * UTF-8, no trailing newline; empty optional fields omitted as Go's {@code omitempty} would omit
 * them (each model type says which fields are always written). Docker writes keys in Go struct
 * order instead, so strata does not reproduce the bytes of documents other tools wrote: it never
 * needs to, because the store keeps every document it did not create as the original blob.
 * Re-encoding is only for documents strata creates. Unknown fields of configs, manifests and
 * indexes are kept in each model's {@code extra} map, so a config strata derives from a base image
 * (a build step, {@code strata commit}) carries the fields strata does not model.
 */
public final class CanonicalJson {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(JsonCodecs.module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .build();

  private static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private CanonicalJson() {}

  /** The canonical bytes of a model value (or any value Jackson can encode). */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(sorted(MAPPER.valueToTree(value)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** The canonical bytes of an arbitrary JSON document (keys sorted, whitespace removed). */
  public static byte[] canonicalize(byte[] json, String what) {
    try {
      return MAPPER.writeValueAsBytes(sorted(tree(json, what)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + what, e);
    }
  }

  /** The sha256 of the canonical bytes of {@code value}. */
  public static Digest digest(Object value) {
    return Digest.sha256(write(value));
  }

  /**
   * Decodes {@code json} as {@code type}; {@code what} names the document in the error message
   * ({@code "image config sha256:3f2a..."}), which is a {@link StrataException} for any malformed
   * or ill-typed input.
   */
  public static <T> T read(byte[] json, Class<T> type, String what) {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new StrataException("invalid " + what + ": null document");
      }
      return value;
    } catch (IOException e) {
      throw new StrataException("invalid " + what + ": " + reason(e), e);
    } catch (RuntimeException e) {
      StrataException cause = strataCause(e);
      if (cause == null) {
        throw e;
      }
      throw new StrataException("invalid " + what + ": " + cause.getMessage(), e);
    }
  }

  /** Parses {@code json} into a tree; malformed input is a {@link StrataException}. */
  public static JsonNode tree(byte[] json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new StrataException("invalid " + what + ": empty document");
      }
      return node;
    } catch (IOException e) {
      throw new StrataException("invalid " + what + ": " + reason(e), e);
    }
  }

  /**
   * Checks {@code schemaVersion} before a manifest or index is mapped, so that a Docker schema 1
   * manifest gets a message about its version rather than about fields it lacks.
   */
  static void requireSchemaVersion2(byte[] json, String what) {
    JsonNode v = tree(json, what).path("schemaVersion");
    if (!v.isInt() || v.intValue() != 2) {
      String hint = v.isInt() && v.intValue() == 1 ? " (Docker schema 1 is not supported)" : "";
      String got = v.isMissingNode() ? "no schemaVersion" : "unsupported schemaVersion " + v;
      throw new StrataException("invalid " + what + ": " + got + ", want 2" + hint);
    }
  }

  private static String reason(IOException e) {
    StrataException cause = strataCause(e);
    if (cause != null) {
      return cause.getMessage();
    }
    String msg =
        e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
      msg += " (line " + jpe.getLocation().getLineNr() + ")";
    }
    // Jackson messages can span lines; the user gets one.
    return msg == null ? e.getClass().getSimpleName() : msg.replaceAll("\\s*\\n\\s*", " ");
  }

  private static StrataException strataCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StrataException se) {
        return se;
      }
    }
    return null;
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(CODE_POINT_ORDER);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        out.add(sorted(element));
      }
      return out;
    }
    return node;
  }
}
