package dev.strata.registry;

import com.google.common.io.ByteStreams;
import dev.strata.Digest;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageName;
import dev.strata.store.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * One blob upload, as the distribution spec has it: {@code POST} opens an upload session, then
 * either one {@code PUT ?digest=} with the whole blob, or {@code PATCH} chunks (each with its
 * {@code Content-Range}, following the {@code Location} the registry answers) and a closing {@code
 * PUT ?digest=}. Bodies are read from the store again for a retry, so a retried request sends the
 * same bytes.
 */
final class BlobUpload {
  private final Transport transport;
  private final long chunkSize;

  BlobUpload(Transport transport, long chunkSize) {
    this.transport = transport;
    this.chunkSize = chunkSize;
  }

  /**
   * Uploads blob {@code d} from {@code source} into {@code repo}: in one PUT up to the chunk size,
   * else in PATCH chunks of that size and a closing PUT.
   */
  void push(ImageName repo, Descriptor d, BlobSource source) {
    String what = "blob " + d.digest() + " to " + repo;
    String location = startUpload(repo, what);
    long chunk = chunkSize;
    if (d.size() > chunk) {
      for (long offset = 0; offset < d.size(); ) {
        long end = Math.min(offset + chunk, d.size());
        final long from = offset;
        final long length = end - offset;
        Map<String, String> headers =
            Map.of(
                "Content-Type",
                "application/octet-stream",
                "Content-Range",
                from + "-" + (end - 1));
        HttpResponse<InputStream> r =
            transport.send(
                repo.domain(),
                RegistryClient.push(repo),
                new Transport.Call(
                    "PATCH",
                    absolute(repo, location),
                    headers,
                    () ->
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(
                                () -> slice(source, d.digest(), from, length)),
                            length)));
        try {
          if (r.statusCode() != 202) {
            throw new RegistryException(
                repo.domain()
                    + " answered "
                    + r.statusCode()
                    + " to a chunk of "
                    + what
                    + Transport.errorText(r));
          }
          location = r.headers().firstValue("Location").orElse(location);
        } finally {
          Transport.close(r);
        }
        offset = end;
      }
      finishUpload(repo, location, d, HttpRequest.BodyPublishers::noBody, what);
    } else {
      finishUpload(
          repo,
          location,
          d,
          () ->
              HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofInputStream(
                      () -> slice(source, d.digest(), 0, d.size())),
                  d.size()),
          what);
    }
  }

  private String startUpload(ImageName repo, String what) {
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            RegistryClient.push(repo),
            new Transport.Call(
                "POST",
                "/v2/" + repo.path() + "/blobs/uploads/",
                Map.of(),
                HttpRequest.BodyPublishers::noBody));
    try {
      if (r.statusCode() != 202) {
        throw new RegistryException(
            repo.domain()
                + " answered "
                + r.statusCode()
                + " to starting upload of "
                + what
                + Transport.errorText(r));
      }
      return r.headers()
          .firstValue("Location")
          .orElseThrow(
              () -> new RegistryException(repo.domain() + " started an upload without a Location"));
    } finally {
      Transport.close(r);
    }
  }

  private void finishUpload(
      ImageName repo,
      String location,
      Descriptor d,
      java.util.function.Supplier<HttpRequest.BodyPublisher> body,
      String what) {
    String target = absolute(repo, location);
    target +=
        (target.contains("?") ? "&" : "?") + "digest=" + RegistryClient.enc(d.digest().toString());
    HttpResponse<InputStream> r =
        transport.send(
            repo.domain(),
            RegistryClient.push(repo),
            new Transport.Call(
                "PUT", target, Map.of("Content-Type", "application/octet-stream"), body));
    try {
      if (r.statusCode() != 201) {
        throw new RegistryException(
            repo.domain()
                + " answered "
                + r.statusCode()
                + " to uploading "
                + what
                + Transport.errorText(r));
      }
    } finally {
      Transport.close(r);
    }
  }

  /** A Location header as an absolute URI (registries may send a path). */
  private String absolute(ImageName repo, String location) {
    return transport.base(repo.domain()).resolve(location).toString();
  }

  /** {@code length} bytes of the blob from {@code offset}: the body of one chunk or one PUT. */
  private static InputStream slice(BlobSource source, Digest digest, long offset, long length) {
    try {
      InputStream in = source.open(digest);
      in.skipNBytes(offset);
      return ByteStreams.limit(in, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
