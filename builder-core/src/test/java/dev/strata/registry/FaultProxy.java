package dev.strata.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A plain HTTP proxy in front of a registry that records every request and injects faults into the
 * responses that match a rule: wrong bytes, a truncated body, an error status (once or a few
 * times), a connection dropped midway, or a wrong Content-Type. Location headers are rewritten so
 * that uploads keep going through the proxy.
 */
public final class FaultProxy implements AutoCloseable {
  /** What to do to a matching response. */
  public enum Fault {
    WRONG_BYTES,
    TRUNCATE,
    STATUS_500,
    STATUS_429,
    DROP_MIDWAY,
    STALL_MIDWAY,
    INDEX_CONTENT_TYPE
  }

  private record Rule(String method, Predicate<String> path, Fault fault, AtomicInteger times) {}

  private static final Set<String> HOP =
      Set.of(
          "connection",
          "content-length",
          "host",
          "transfer-encoding",
          "upgrade",
          "expect",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection",
          "http2-settings");

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(8);
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  private FaultProxy(HttpServer server, String upstream) {
    this.server = server;
    this.upstream = upstream;
  }

  /** A proxy for the plain-HTTP registry at {@code upstreamHost} ({@code 127.0.0.1:PORT}). */
  public static FaultProxy start(String upstreamHost) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    FaultProxy proxy = new FaultProxy(s, upstreamHost);
    s.createContext("/", proxy::handle);
    s.setExecutor(proxy.pool);
    s.start();
    return proxy;
  }

  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Injects {@code fault} into the next {@code times} responses to {@code method} on matching
   * paths.
   */
  public void inject(String method, Predicate<String> path, Fault fault, int times) {
    rules.add(new Rule(method, path, fault, new AtomicInteger(times)));
  }

  /** Every request so far, as {@code METHOD path?query}. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public void clear() {
    rules.clear();
    requests.clear();
  }

  private Fault take(String method, String path) {
    for (Rule r : rules) {
      if (r.method().equals(method) && r.path().test(path) && r.times().getAndDecrement() > 0) {
        return r.fault();
      }
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    URI uri = ex.getRequestURI();
    String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(method + " " + raw + (range == null ? "" : " Range: " + range));
    boolean dropped = false;
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Fault fault = take(method, uri.getPath());
      if (fault == Fault.STATUS_500 || fault == Fault.STATUS_429) {
        if (fault == Fault.STATUS_429) {
          ex.getResponseHeaders().add("Retry-After", "1");
        }
        ex.sendResponseHeaders(fault == Fault.STATUS_500 ? 500 : 429, -1);
        return;
      }
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + upstream + raw));
      ex.getRequestHeaders()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                  vs.forEach(v -> b.header(k, v));
                }
              });
      b.method(
          method,
          body.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<byte[]> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      byte[] out = r.body();
      r.headers()
          .map()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase(Locale.ROOT)) && !k.equals(":status")) {
                  for (String v : vs) {
                    String value = k.equalsIgnoreCase("Location") ? v.replace(upstream, host()) : v;
                    ex.getResponseHeaders().add(k, value);
                  }
                }
              });
      if (fault == Fault.WRONG_BYTES && out.length > 0) {
        out = out.clone();
        for (int i = 0; i < out.length; i += 97) {
          out[i] ^= 0x5a;
        }
      } else if (fault == Fault.TRUNCATE) {
        out = java.util.Arrays.copyOf(out, out.length / 2);
      } else if (fault == Fault.INDEX_CONTENT_TYPE) {
        ex.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.index.v1+json");
      }
      boolean head = method.equals("HEAD");
      if (fault == Fault.STALL_MIDWAY) {
        ex.sendResponseHeaders(r.statusCode(), out.length);
        OutputStream os = ex.getResponseBody();
        os.write(out, 0, out.length / 2);
        os.flush();
        // The connection stays open and silent, as a stuck server's does.
        try {
          Thread.sleep(20_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        dropped = true;
        throw new Dropped();
      }
      if (fault == Fault.DROP_MIDWAY) {
        ex.sendResponseHeaders(r.statusCode(), out.length);
        OutputStream os = ex.getResponseBody();
        os.write(out, 0, out.length / 2);
        os.flush();
        // A handler that throws makes the server close the connection, short of the promised
        // length: the client sees the stream end midway.
        dropped = true;
        throw new Dropped();
      }
      if (head || out.length == 0) {
        ex.sendResponseHeaders(r.statusCode(), -1);
      } else {
        ex.sendResponseHeaders(r.statusCode(), out.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } finally {
      if (!dropped) {
        ex.close();
      }
    }
  }

  /** Thrown to make the server drop the connection. */
  private static final class Dropped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Dropped() {
      super("connection dropped by the fault proxy", null, false, false);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
