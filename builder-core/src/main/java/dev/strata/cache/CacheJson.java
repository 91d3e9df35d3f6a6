package dev.strata.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.context.EntryType;
import dev.strata.image.CanonicalJson;
import dev.strata.image.ContainerConfig;
import dev.strata.image.History;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON files of the cache: an envelope naming the format and version with a checksum of the
 * canonical body, so that a damaged file is recognised instead of read as a different entry, and
 * the bodies of {@link CacheEntry}, {@link StepInputs} and {@link BuildRecord}. Every decoding
 * problem is a {@link StrataException} naming the file.
 */
final class CacheJson {
  static final int VERSION = 1;
  static final String ENTRY = "strata.cache.entry";
  static final String BUILD = "strata.cache.build";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private CacheJson() {}

  // ---- envelope

  static byte[] seal(String format, ObjectNode body) {
    // The envelope's canonical bytes are those of the body between a fixed head and tail (its
    // keys sort as body, checksum, format, version), so the body is encoded once, not twice.
    byte[] encoded = CanonicalJson.write(body);
    byte[] tail = tail(Digest.sha256(encoded), format);
    byte[] out = Arrays.copyOf(HEAD, HEAD.length + encoded.length + tail.length);
    System.arraycopy(encoded, 0, out, HEAD.length, encoded.length);
    System.arraycopy(tail, 0, out, HEAD.length + encoded.length, tail.length);
    return out;
  }

  private static final byte[] HEAD = "{\"body\":".getBytes(StandardCharsets.UTF_8);

  /** What follows the body in a sealed document: {@code ,"checksum":…,"format":…,"version":…}. */
  private static byte[] tail(Digest checksum, String format) {
    ObjectNode t = NODES.objectNode();
    t.put("checksum", checksum.toString());
    t.put("format", format);
    t.put("version", VERSION);
    byte[] b = CanonicalJson.write(t);
    b[0] = ',';
    return b;
  }

  /** The body of a sealed document, checked against its format, version and checksum. */
  static JsonNode open(byte[] bytes, String format, String what) {
    JsonNode env = CanonicalJson.tree(bytes, what);
    if (!env.isObject()) {
      throw invalid(what, "not a JSON object");
    }
    String f = env.path("format").asText("");
    if (!format.equals(f)) {
      throw invalid(
          what, "format is " + (f.isEmpty() ? "missing" : "\"" + f + "\"") + ", want " + format);
    }
    JsonNode v = env.path("version");
    if (!v.isInt() || v.intValue() != VERSION) {
      throw invalid(what, "unsupported version " + v + ", want " + VERSION);
    }
    JsonNode body = env.path("body");
    if (!body.isObject()) {
      throw invalid(what, "no body");
    }
    Digest want = digest(env, "checksum", what);
    Digest got = bodyChecksum(bytes, want, format).orElseGet(() -> checksum(body));
    if (!want.equals(got)) {
      throw invalid(what, "checksum mismatch: body hashes to " + got + ", recorded " + want);
    }
    return body;
  }

  /**
   * The checksum of the body's own bytes when the document is laid out as {@link #seal} writes it,
   * which saves encoding a large body again to check it; empty for any other layout.
   */
  private static Optional<Digest> bodyChecksum(byte[] bytes, Digest recorded, String format) {
    byte[] tail = tail(recorded, format);
    int bodyLength = bytes.length - HEAD.length - tail.length;
    if (bodyLength <= 0
        || !Arrays.equals(bytes, 0, HEAD.length, HEAD, 0, HEAD.length)
        || !Arrays.equals(bytes, bytes.length - tail.length, bytes.length, tail, 0, tail.length)) {
      return Optional.empty();
    }
    MessageDigest md = Digest.newSha256();
    md.update(bytes, HEAD.length, bodyLength);
    return Optional.of(Digest.fromSha256(md.digest()));
  }

  private static Digest checksum(JsonNode body) {
    return Digest.sha256(CanonicalJson.write(body));
  }

  // ---- cache entries

  static ObjectNode entry(CacheEntry e) {
    ObjectNode n = NODES.objectNode();
    n.put("key", e.key().toString());
    ArrayNode layers = n.putArray("layers");
    for (CachedLayer l : e.layers()) {
      ObjectNode ln = layers.addObject();
      ln.put("mediaType", l.mediaType());
      ln.put("digest", l.blob().toString());
      ln.put("size", l.size());
      ln.put("diffId", l.diffId().toString());
      l.chainId().ifPresent(c -> ln.put("chainId", c.toString()));
    }
    n.set("config", CanonicalJson.tree(CanonicalJson.write(e.config()), "container config"));
    n.set("history", CanonicalJson.tree(CanonicalJson.write(e.history()), "history"));
    ObjectNode inputs = n.putObject("inputs");
    e.inputs().forEach((k, v) -> inputs.put(k, v.toString()));
    n.put("created", e.created().toString());
    return n;
  }

  static CacheEntry entry(JsonNode n, String what) {
    try {
      CacheKey key = new CacheKey(digest(n, "key", what));
      List<CachedLayer> layers = new ArrayList<>();
      for (JsonNode ln : array(n, "layers", what)) {
        JsonNode chain = ln.path("chainId");
        layers.add(
            new CachedLayer(
                text(ln, "mediaType", what),
                digest(ln, "digest", what),
                integer(ln, "size", what),
                digest(ln, "diffId", what),
                chain.isMissingNode()
                    ? Optional.empty()
                    : Optional.of(digest(ln, "chainId", what))));
      }
      ContainerConfig config =
          CanonicalJson.read(
              bytes(object(n, "config", what)), ContainerConfig.class, what + " config");
      History history =
          CanonicalJson.read(bytes(object(n, "history", what)), History.class, what + " history");
      Map<String, Digest> inputs = new LinkedHashMap<>();
      JsonNode in = object(n, "inputs", what);
      for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        inputs.put(name, digest(in, name, what));
      }
      return new CacheEntry(key, layers, config, history, inputs, instant(n, "created", what));
    } catch (CacheFileException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | StrataException e) {
      throw invalid(what, e.getMessage());
    }
  }

  // ---- step inputs

  static ObjectNode inputs(StepInputs s) {
    ObjectNode n = NODES.objectNode();
    n.put("kind", s.kind().name());
    ArrayNode list = n.putArray("inputs");
    for (StepInput i : s.inputs()) {
      ObjectNode in = list.addObject();
      in.put("kind", i.kind().name());
      in.put("name", i.name());
      if (i instanceof StepInput.Text t) {
        in.put("text", t.value());
      } else if (i instanceof StepInput.Hidden h) {
        in.put("digest", h.digest().toString());
      } else if (i instanceof StepInput.Content c) {
        in.put("digest", c.digest().toString());
      } else {
        FileSet files = ((StepInput.Files) i).files();
        in.put("withOwners", files.withOwners());
        in.put("digest", files.digest().toString());
        ArrayNode entries = in.putArray("entries");
        for (FileEntry e : files.entries()) {
          ObjectNode en = entries.addObject();
          en.put("path", e.path());
          en.put("type", e.type().name());
          en.put("mode", e.mode());
          e.owner()
              .ifPresent(
                  o -> {
                    en.put("uid", o.uid());
                    en.put("gid", o.gid());
                  });
          e.content().ifPresent(c -> en.put("content", c.toString()));
          e.linkTarget().ifPresent(t -> en.put("link", t));
        }
      }
    }
    return n;
  }

  static StepInputs inputs(JsonNode n, String what) {
    try {
      StepKind kind = StepKind.valueOf(text(n, "kind", what));
      List<StepInput> inputs = new ArrayList<>();
      for (JsonNode in : array(n, "inputs", what)) {
        InputKind k = InputKind.valueOf(text(in, "kind", what));
        String name = text(in, "name", what);
        inputs.add(
            switch (k.form()) {
              case TEXT -> new StepInput.Text(k, name, text(in, "text", what));
              case HIDDEN -> new StepInput.Hidden(k, name, digest(in, "digest", what));
              case CONTENT -> new StepInput.Content(k, name, digest(in, "digest", what));
              case FILES -> new StepInput.Files(name, files(in, what));
            });
      }
      return new StepInputs(kind, inputs);
    } catch (CacheFileException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | StrataException e) {
      throw invalid(what, e.getMessage());
    }
  }

  private static FileSet files(JsonNode in, String what) {
    boolean withOwners = bool(in, "withOwners", what);
    List<FileEntry> entries = new ArrayList<>();
    for (JsonNode en : array(in, "entries", what)) {
      EntryType type = EntryType.valueOf(text(en, "type", what));
      Optional<FileEntry.Owner> owner =
          en.has("uid") || en.has("gid")
              ? Optional.of(
                  new FileEntry.Owner(
                      Math.toIntExact(integer(en, "uid", what)),
                      Math.toIntExact(integer(en, "gid", what))))
              : Optional.empty();
      entries.add(
          new FileEntry(
              text(en, "path", what),
              type,
              Math.toIntExact(integer(en, "mode", what)),
              owner,
              en.has("content") ? Optional.of(digest(en, "content", what)) : Optional.empty(),
              en.has("link") ? Optional.of(text(en, "link", what)) : Optional.empty()));
    }
    FileSet set = FileSet.of(entries, withOwners);
    Digest recorded = digest(in, "digest", what);
    if (!recorded.equals(set.digest())) {
      throw invalid(what, "file set " + text(in, "name", what) + " does not hash to its digest");
    }
    return set;
  }

  // ---- build records

  static ObjectNode build(BuildRecord r) {
    ObjectNode n = NODES.objectNode();
    n.put("dockerfile", r.dockerfile());
    n.put("stage", r.stage());
    n.put("keyVersion", r.keyVersion());
    n.put("created", r.created().toString());
    ArrayNode steps = n.putArray("steps");
    for (RecordedStep s : r.steps()) {
      ObjectNode sn = steps.addObject();
      sn.put("index", s.index());
      s.parent().ifPresent(p -> sn.put("parent", p.toString()));
      sn.put("key", s.key().toString());
      sn.set("inputs", inputs(s.inputs()));
    }
    return n;
  }

  static BuildRecord build(JsonNode n, String what) {
    try {
      List<RecordedStep> steps = new ArrayList<>();
      for (JsonNode sn : array(n, "steps", what)) {
        steps.add(
            new RecordedStep(
                Math.toIntExact(integer(sn, "index", what)),
                sn.has("parent")
                    ? Optional.of(new CacheKey(digest(sn, "parent", what)))
                    : Optional.empty(),
                new CacheKey(digest(sn, "key", what)),
                inputs(object(sn, "inputs", what), what)));
      }
      return new BuildRecord(
          text(n, "dockerfile", what),
          text(n, "stage", what),
          Math.toIntExact(integer(n, "keyVersion", what)),
          instant(n, "created", what),
          steps);
    } catch (CacheFileException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException | StrataException e) {
      throw invalid(what, e.getMessage());
    }
  }

  // ---- fields

  private static JsonNode field(JsonNode n, String name, String what) {
    JsonNode f = n.get(name);
    if (f == null || f.isNull()) {
      throw invalid(what, "missing field " + name);
    }
    return f;
  }

  private static String text(JsonNode n, String name, String what) {
    JsonNode f = field(n, name, what);
    if (!f.isTextual()) {
      throw invalid(what, name + " is not a string");
    }
    return f.textValue();
  }

  private static long integer(JsonNode n, String name, String what) {
    JsonNode f = field(n, name, what);
    if (!f.isIntegralNumber() || !f.canConvertToLong()) {
      throw invalid(what, name + " is not an integer");
    }
    return f.longValue();
  }

  private static boolean bool(JsonNode n, String name, String what) {
    JsonNode f = field(n, name, what);
    if (!f.isBoolean()) {
      throw invalid(what, name + " is not a boolean");
    }
    return f.booleanValue();
  }

  private static Digest digest(JsonNode n, String name, String what) {
    String t = text(n, name, what);
    try {
      return Digest.parse(t);
    } catch (StrataException e) {
      throw invalid(what, name + ": " + e.getMessage());
    }
  }

  private static Instant instant(JsonNode n, String name, String what) {
    String t = text(n, name, what);
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(what, name + " is not a timestamp: " + t);
    }
  }

  private static JsonNode array(JsonNode n, String name, String what) {
    JsonNode f = field(n, name, what);
    if (!f.isArray()) {
      throw invalid(what, name + " is not an array");
    }
    return f;
  }

  private static JsonNode object(JsonNode n, String name, String what) {
    JsonNode f = field(n, name, what);
    if (!f.isObject()) {
      throw invalid(what, name + " is not an object");
    }
    return f;
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return PLAIN.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always encodes", e);
    }
  }

  static CacheFileException invalid(String what, String why) {
    return new CacheFileException("invalid " + what + ": " + why);
  }
}
