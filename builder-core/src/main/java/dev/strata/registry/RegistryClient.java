package dev.strata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Digest;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageName;
import dev.strata.image.ImageReference;
import dev.strata.image.Index;
import dev.strata.image.MediaTypes;
import dev.strata.image.Platform;
import dev.strata.store.BlobSink;
import dev.strata.store.BlobSource;
import dev.strata.store.Ingest;
import dev.strata.store.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI distribution (Docker Registry HTTP API v2) client: resolves references to manifests,
 * fetches manifests and blobs with verification, and pushes blobs (existence check,
 * cross-repository mount, monolithic or chunked upload) and manifests. Repositories are {@link
 * ImageName}s; the registry is the name's domain. Thread-safe: one client serves parallel
 * transfers.
 */
public final class RegistryClient {
  static final String ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST);

  /** Made on first use: building from local images never needs it. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Transport transport;

  public RegistryClient(RegistryOptions options) {
    this.transport = new Transport(options);
  }

  public RegistryOptions options() {
    return transport.options();
  }

  static String pull(ImageName repo) {
    return "repository:" + repo.path() + ":pull";
  }

  static String push(ImageName repo) {
    return "repository:" + repo.path() + ":pull,push";
  }

  /**
   * Checks that registry {@code host} accepts {@code credentials} (or the configured ones when
   * null), as {@code docker login} does: {@code GET /v2/}, answering its challenge.
   */
  public void checkLogin(String host, Credentials credentials) {
    if (credentials != null) {
      transport.useCredentials(host, credentials);
    }
    HttpResponse<InputStream> r = transport.send(host, "", Transport.Call.get("/v2/", Map.of()));
    try {
      if (r.statusCode() != 200) {
        throw new RegistryException(
            host + " answered " + r.statusCode() + " to /v2/" + Transport.errorText(r));
      }
    } finally {
      Transport.close(r);
    }
  }

  /** The manifest or index {@code ref} names (its digest, else its tag, else {@code latest}). */
  public FetchedManifest fetchManifest(ImageReference ref) {
    ImageReference r = ref.withDefaultTag();
    String reference = r.digest() != null ? r.digest().toString() : r.tag();
    return fetchManifest(r.name(), reference, r.digest());
  }

  /**
   * Fetches manifest {@code reference} (a tag or digest) of {@code repo}; when {@code expected} is
   * given the bytes must hash to it.
   */
  public FetchedManifest fetchManifest(ImageName repo, String reference, Digest expected) {
    String where = repo + (reference.contains(":") ? "@" : ":") + reference;
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            pull(repo),
            Transport.Call.get(
                "/v2/" + repo.path() + "/manifests/" + reference, Map.of("Accept", ACCEPT)));
    byte[] bytes;
    try (InputStream in = r.body()) {
      if (r.statusCode() == 404) {
        throw new RegistryException(
            "manifest for " + where + " not found" + Transport.errorText(r));
      }
      if (r.statusCode() != 200) {
        throw new RegistryException(
            repo.domain()
                + " answered "
                + r.statusCode()
                + " for manifest "
                + where
                + Transport.errorText(r));
      }
      bytes = in.readNBytes(ResolvedImage.MAX_DOCUMENT + 1);
    } catch (IOException e) {
      throw new RegistryException(
          "cannot read manifest " + where + ": " + Transport.describe(e), e);
    }
    if (bytes.length > ResolvedImage.MAX_DOCUMENT) {
      throw new RegistryException(
          "manifest " + where + " is more than " + ResolvedImage.MAX_DOCUMENT + " bytes");
    }
    Digest actual = Digest.sha256(bytes);
    if (expected != null && !expected.equals(actual)) {
      throw new RegistryException("manifest " + where + ": content hashes to " + actual);
    }
    Optional<String> served = r.headers().firstValue("Docker-Content-Digest");
    if (served.isPresent()
        && Digest.isDigest(served.get())
        && !Digest.parse(served.get()).equals(actual)) {
      throw new RegistryException(
          "manifest "
              + where
              + ": content hashes to "
              + actual
              + ", but the registry says "
              + served.get());
    }
    String contentType = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    String mediaType = mediaType(bytes, contentType, where);
    return new FetchedManifest(new Descriptor(mediaType, actual, bytes.length), bytes);
  }

  /** The media type of a manifest: as served, checked against what the content says it is. */
  static String mediaType(byte[] bytes, String contentType, String where) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new RegistryException("manifest " + where + " is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new RegistryException("manifest " + where + " is not a JSON object");
    }
    if (node.path("schemaVersion").asInt() == 1) {
      throw new RegistryException(
          "manifest "
              + where
              + " is Docker schema 1, which strata does not read (push it again with a current client)");
    }
    String declared = node.path("mediaType").asText("");
    boolean isIndex = node.has("manifests");
    boolean isManifest = node.has("config") || node.has("layers");
    String content =
        !declared.isEmpty() ? declared : isIndex ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    boolean servedKnown = MediaTypes.isIndex(contentType) || MediaTypes.isManifest(contentType);
    if (servedKnown) {
      boolean agrees =
          declared.isEmpty()
              ? (MediaTypes.isIndex(contentType) ? isIndex && !isManifest : isManifest && !isIndex)
              : declared.equals(contentType);
      if (!agrees) {
        throw new RegistryException(
            "manifest "
                + where
                + " is served as "
                + contentType
                + " but its content is "
                + (isIndex ? "an index" : "a manifest")
                + (declared.isEmpty() ? "" : " of media type " + declared));
      }
      return contentType;
    }
    if ((MediaTypes.isIndex(content) && !isIndex)
        || (MediaTypes.isManifest(content) && !isManifest)) {
      throw new RegistryException(
          "manifest " + where + " says it is " + content + " but its content is not");
    }
    if (!MediaTypes.isIndex(content) && !MediaTypes.isManifest(content)) {
      throw new RegistryException("manifest " + where + " has unsupported media type " + content);
    }
    return content;
  }

  /**
   * Resolves {@code ref} to the manifest for {@code platform}: the manifest itself, or the one an
   * index lists for the platform.
   */
  public Descriptor resolve(ImageReference ref, Platform platform) {
    FetchedManifest top = fetchManifest(ref);
    return selectPlatform(ref.name(), top, platform).descriptor();
  }

  /**
   * {@code top} when it is a manifest; for an index, its manifest for {@code platform}, fetched.
   */
  public FetchedManifest selectPlatform(ImageName repo, FetchedManifest top, Platform platform) {
    FetchedManifest current = top;
    for (int depth = 0; MediaTypes.isIndex(current.descriptor().mediaType()); depth++) {
      if (depth > 4) {
        throw new RegistryException(
            "index " + top.descriptor().digest() + " in " + repo + " nests too deeply");
      }
      Index index =
          Index.parse(current.bytes(), "index " + current.descriptor().digest() + " in " + repo);
      Optional<Descriptor> pick = index.manifestFor(platform);
      if (pick.isEmpty()) {
        pick =
            index.manifests().stream().filter(d -> MediaTypes.isIndex(d.mediaType())).findFirst();
      }
      FetchedManifest parent = current;
      Descriptor d =
          pick.orElseThrow(
              () ->
                  new RegistryException(
                      repo
                          + " has no image for platform "
                          + platform
                          + " (index "
                          + parent.descriptor().digest().shortId()
                          + ")"));
      FetchedManifest child = fetchManifest(repo, d.digest().toString(), d.digest());
      if (!child.descriptor().mediaType().equals(d.mediaType())) {
        throw new RegistryException(
            "manifest "
                + d.digest()
                + " in "
                + repo
                + " is a "
                + child.descriptor().mediaType()
                + ", but its index says "
                + d.mediaType());
      }
      current = new FetchedManifest(d, child.bytes());
    }
    return current;
  }

  /**
   * Streams blob {@code d} of {@code repo} into {@code sink}, verifying its size and digest before
   * it is committed. A connection lost midway resumes with a Range request when the registry allows
   * it (else starts over), up to the retry limit. Returns the committed digest.
   */
  public Digest fetchBlob(ImageName repo, Descriptor d, BlobSink sink) throws IOException {
    String what = "blob " + d.digest() + " of " + repo;
    Ingest ingest = sink.ingest();
    try {
      int failures = 0;
      while (true) {
        long have = ingest.written();
        Map<String, String> headers = new LinkedHashMap<>();
        if (have > 0) {
          headers.put("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> r =
            transport.send(
                repo.domain(),
                pull(repo),
                Transport.Call.get("/v2/" + repo.path() + "/blobs/" + d.digest(), headers));
        int s = r.statusCode();
        if (s == 200 && have > 0) {
          ingest.close(); // the registry ignored the range: start over
          ingest = sink.ingest();
        } else if (s == 404) {
          throw new RegistryException(what + " not found" + Transport.errorText(r));
        } else if (s != 200 && s != 206) {
          throw new RegistryException(
              repo.domain() + " answered " + s + " for " + what + Transport.errorText(r));
        }
        try (InputStream in = StallWatch.watch(r.body(), options().stallTimeout())) {
          copy(in, ingest.stream(), d.size() + 1 - ingest.written());
          break;
        } catch (IOException e) {
          if (++failures >= options().attempts()) {
            throw new RegistryException(
                what
                    + ": connection lost after "
                    + ingest.written()
                    + " of "
                    + d.size()
                    + " bytes, "
                    + failures
                    + " times",
                e);
          }
        }
      }
      return ingest.commit(d.size(), d.digest());
    } finally {
      ingest.close();
    }
  }

  /**
   * Blob {@code d} of {@code repo} in memory, verified by size and digest: for configs and other
   * small JSON documents (at most {@link ResolvedImage#MAX_DOCUMENT} bytes) that are read rather
   * than stored.
   */
  public byte[] fetchDocument(ImageName repo, Descriptor d) throws IOException {
    if (d.size() > ResolvedImage.MAX_DOCUMENT) {
      throw new RegistryException(
          "blob "
              + d.digest()
              + " of "
              + repo
              + " is "
              + d.size()
              + " bytes, more than the limit of "
              + ResolvedImage.MAX_DOCUMENT);
    }
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream((int) d.size());
    fetchBlob(
        repo,
        d,
        () ->
            new Ingest() {
              private final java.security.MessageDigest md = Digest.newSha256();
              private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
              private final OutputStream stream = new java.security.DigestOutputStream(out, md);

              @Override
              public OutputStream stream() {
                return stream;
              }

              @Override
              public long written() {
                return out.size();
              }

              @Override
              public Digest commit(long expectedSize, Digest expected) {
                Digest actual = Digest.fromSha256(md.digest());
                String what = "blob " + expected + " of " + repo;
                if (out.size() != expectedSize) {
                  throw new RegistryException(
                      what + ": expected " + expectedSize + " bytes, got " + out.size());
                }
                if (!actual.equals(expected)) {
                  throw new RegistryException(what + ": content hashes to " + actual);
                }
                buffer.writeBytes(out.toByteArray());
                return actual;
              }

              @Override
              public void close() {}
            });
    return buffer.toByteArray();
  }

  /** Copies at most {@code limit} bytes: a blob longer than its descriptor fails its size check. */
  private static void copy(InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = limit;
    int n;
    while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
      out.write(buf, 0, n);
      left -= n;
    }
  }

  /** Whether {@code repo} has blob {@code digest} (HEAD). */
  public boolean blobExists(ImageName repo, Digest digest) {
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            push(repo),
            new Transport.Call("HEAD", "/v2/" + repo.path() + "/blobs/" + digest, Map.of(), null));
    Transport.close(r);
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw new RegistryException(
        repo.domain()
            + " answered "
            + r.statusCode()
            + " to HEAD of blob "
            + digest
            + " in "
            + repo);
  }

  /**
   * Asks the registry to mount blob {@code digest} from {@code from} (same registry) into {@code
   * repo}; true when it did. When it does not, the upload it opened instead is cancelled.
   */
  public boolean mountBlob(ImageName repo, Digest digest, ImageName from) {
    if (!repo.domain().equals(from.domain())) {
      return false;
    }
    String scope = push(repo) + " " + pull(from);
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            scope,
            new Transport.Call(
                "POST",
                "/v2/"
                    + repo.path()
                    + "/blobs/uploads/?mount="
                    + enc(digest.toString())
                    + "&from="
                    + enc(from.path()),
                Map.of(),
                HttpRequest.BodyPublishers::noBody));
    Transport.close(r);
    if (r.statusCode() == 201) {
      return true;
    }
    if (r.statusCode() == 202) {
      r.headers().firstValue("Location").ifPresent(l -> cancel(repo, l));
      return false;
    }
    return false; // a registry that does not mount: the blob is uploaded instead
  }

  private void cancel(ImageName repo, String location) {
    Transport.close(
        transport.send(
            repo.domain(), push(repo), new Transport.Call("DELETE", location, Map.of(), null)));
  }

  /**
   * Uploads blob {@code d} from {@code source} into {@code repo}: in one PUT up to the chunk size,
   * else in PATCH chunks of that size and a closing PUT.
   */
  public void pushBlob(ImageName repo, Descriptor d, BlobSource source) {
    new BlobUpload(transport, options().chunkSize()).push(repo, d, source);
  }

  /**
   * Uploads a manifest or index under {@code reference} (a tag or its digest); returns its digest.
   */
  public Digest pushManifest(ImageName repo, String reference, String mediaType, byte[] bytes) {
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            push(repo),
            new Transport.Call(
                "PUT",
                "/v2/" + repo.path() + "/manifests/" + reference,
                Map.of("Content-Type", mediaType),
                () -> HttpRequest.BodyPublishers.ofByteArray(bytes)));
    try {
      if (r.statusCode() != 201 && r.statusCode() != 200) {
        throw new RegistryException(
            repo.domain()
                + " answered "
                + r.statusCode()
                + " to manifest "
                + repo
                + ":"
                + reference
                + Transport.errorText(r));
      }
    } finally {
      Transport.close(r);
    }
    return Digest.sha256(bytes);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** For messages: where {@code ref} is fetched from. */
  URI endpoint(String host) {
    return transport.base(host);
  }
}
