package dev.strata.solver.copy;

import com.google.common.base.Suppliers;
import dev.strata.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Downloads ADD's URLs, once each per instance: a GET following redirects, any status from 400 up
 * (or below 200) an error, the content's sha256 checked against {@code --checksum} when given. The
 * file keeps the server's Last-Modified time (the Unix epoch without one), as BuildKit's http
 * source does.
 */
final class RemoteFiles implements AutoCloseable {
  /** A downloaded URL. */
  record Fetched(String url, Path file, Digest digest, Instant modified, long size) {}

  private final Supplier<HttpClient> http;
  private final Map<String, Fetched> fetched = new HashMap<>();
  private Path dir;
  private final Path parent;

  /**
   * @param http the client; null for one that follows redirects (but not from https to http), made
   *     on the first download so that builds without ADD URLs never start one
   * @param parent where the download directory is made; null for the system temporary directory
   */
  RemoteFiles(HttpClient http, Path parent) {
    this.http =
        http != null
            ? () -> http
            : Suppliers.memoize(
                () ->
                    HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build());
    this.parent = parent;
  }

  /**
   * The content of {@code url}, downloaded now or earlier by this instance.
   *
   * @param checksum the digest the content must have, as {@code sha256:<hex>}
   */
  synchronized Fetched fetch(String url, Optional<String> checksum) {
    Optional<Digest> expected = checksum.map(RemoteFiles::parseChecksum);
    Fetched f = fetched.get(url);
    if (f == null) {
      f = download(url);
      fetched.put(url, f);
    }
    if (expected.isPresent() && !expected.get().equals(f.digest())) {
      throw new CopyException(
          "digest mismatch for "
              + SourceUrls.redact(url)
              + ": "
              + f.digest()
              + " (expected: "
              + expected.get()
              + ")");
    }
    return f;
  }

  /** The digest {@code --checksum} names; only sha256 is accepted, as in BuildKit. */
  static Digest parseChecksum(String checksum) {
    Digest d;
    try {
      d = Digest.parse(checksum);
    } catch (IllegalArgumentException e) {
      throw new CopyException("invalid --checksum " + checksum + ": " + e.getMessage(), e);
    }
    if (!d.algorithm().equals(Digest.SHA256)) {
      throw new CopyException(
          "invalid --checksum " + checksum + ": only sha256 digests are supported");
    }
    return d;
  }

  private Fetched download(String url) {
    String shown = SourceUrls.redact(url);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CopyException("invalid URL " + shown + ": " + e.getMessage(), e);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "strata").build();
    HttpResponse<InputStream> response;
    try {
      response = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new CopyException("cannot download " + shown + ": " + ContextTree.reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CopyException("interrupted while downloading " + shown, e);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status >= 400) {
        throw new CopyException("cannot download " + shown + ": invalid response status " + status);
      }
      Path file = Files.createTempFile(directory(), "download-", "");
      MessageDigest md = Digest.newSha256();
      long size = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = body.read(buf)) > 0; ) {
          md.update(buf, 0, n);
          out.write(buf, 0, n);
          size += n;
        }
      }
      Instant modified =
          response
              .headers()
              .firstValue("Last-Modified")
              .flatMap(RemoteFiles::httpDate)
              .orElse(Instant.EPOCH);
      return new Fetched(url, file, Digest.of(md), modified, size);
    } catch (IOException e) {
      throw new CopyException("cannot download " + shown + ": " + ContextTree.reason(e), e);
    }
  }

  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(java.time.ZoneOffset.UTC));

  /** A date in one of the three formats HTTP allows (RFC 1123, RFC 850, asctime). */
  static Optional<Instant> httpDate(String value) {
    for (DateTimeFormatter f : HTTP_DATES) {
      try {
        return Optional.of(ZonedDateTime.parse(value.strip(), f).toInstant());
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return Optional.empty();
  }

  private Path directory() throws IOException {
    if (dir == null) {
      dir =
          parent == null
              ? Files.createTempDirectory("strata-add-")
              : Files.createTempDirectory(parent, "strata-add-");
    }
    return dir;
  }

  @Override
  public synchronized void close() {
    fetched.clear();
    if (dir != null) {
      try {
        ArchiveExtractor.deleteTree(dir);
      } catch (IOException e) {
        // a leftover temporary directory is harmless
      }
      dir = null;
    }
  }
}
