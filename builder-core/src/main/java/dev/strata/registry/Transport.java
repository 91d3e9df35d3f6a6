package dev.strata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Suppliers;
import dev.strata.image.ImageName;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * HTTP to registries over the JDK client: picks https or (for loopback and {@code
 * --insecure-registry} hosts whose server speaks plain HTTP) http; answers 401 challenges with a
 * Bearer token from the realm or HTTP basic, with credentials from {@link DockerConfig}; retries
 * connection failures, 5xx and 429 (waiting as {@code Retry-After} says) with exponential backoff;
 * follows redirects, dropping the authorization when they leave the registry. Authorization headers
 * and tokens live only in memory here and never enter a message.
 */
final class Transport {
  static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;

  // Made on the first request: a build that pulls nothing should not pay for a client and the
  // trust store.
  private final Supplier<HttpClient> http;
  private final RegistryOptions options;
  private final Map<String, URI> bases = new ConcurrentHashMap<>();
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();
  private final Map<String, Credentials> overrides = new ConcurrentHashMap<>();

  Transport(RegistryOptions options) {
    this.options = options;
    this.http =
        Suppliers.memoize(
            () ->
                TrustStore.configure(
                        HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(30))
                            .followRedirects(HttpClient.Redirect.NEVER),
                        options.tlsCa())
                    .build());
  }

  RegistryOptions options() {
    return options;
  }

  /** Uses {@code credentials} for {@code host} instead of the configured ones (for login). */
  void useCredentials(String host, Credentials credentials) {
    overrides.put(host, credentials);
    authorizations.keySet().removeIf(k -> k.startsWith(host + "|"));
  }

  /** One request: method, where (a path under the registry, or an absolute URI), headers, body. */
  record Call(
      String method,
      String target,
      Map<String, String> headers,
      Supplier<HttpRequest.BodyPublisher> body) {
    static Call get(String target, Map<String, String> headers) {
      return new Call("GET", target, headers, null);
    }
  }

  /**
   * Sends {@code call} to registry {@code host} with the access {@code scope} needs (a token scope
   * such as {@code repository:app:pull}), retrying as the policy says. Returns the final response
   * with its body unread; the caller closes it.
   */
  HttpResponse<InputStream> send(String host, String scope, Call call) {
    URI base = base(host);
    boolean authenticated = false;
    int failures = 0;
    while (true) {
      URI uri =
          call.target().startsWith("/") ? base.resolve(call.target()) : URI.create(call.target());
      HttpResponse<InputStream> r;
      try {
        r = exchange(host, scope, call, uri);
      } catch (IOException e) {
        if (certificateProblem(e)) {
          throw new RegistryException(
              "the TLS certificate of "
                  + host
                  + " is not trusted (give its CA with --tls-ca FILE, or add it to the system's"
                  + " trust store)",
              e);
        }
        // A refused connection is a registry that is not there: retrying only delays the error.
        if (++failures >= options.attempts() || e instanceof java.net.ConnectException) {
          throw new RegistryException(
              "cannot reach "
                  + host
                  + " ("
                  + call.method()
                  + " "
                  + uri.getPath()
                  + "): "
                  + describe(e)
                  + (failures > 1 ? " (" + failures + " attempts)" : ""),
              e);
        }
        pause(backoff(failures), host);
        continue;
      }
      int status = r.statusCode();
      if (status == 401 && !authenticated) {
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        close(r);
        authenticate(host, scope, challenge);
        authenticated = true;
        continue;
      }
      if (status == 401) {
        String detail = errorText(r);
        throw new RegistryException(
            host
                + " refused the credentials"
                + (credentials(host).isPresent()
                    ? ""
                    : " (none configured: run strata login " + host + ")")
                + detail);
      }
      if ((status == 429 || status >= 500) && ++failures < options.attempts()) {
        Duration wait =
            status == 429 ? retryAfter(r.headers()).orElse(backoff(failures)) : backoff(failures);
        close(r);
        pause(wait, host);
        continue;
      }
      return r;
    }
  }

  /** One exchange, following redirects (without the authorization once they leave the host). */
  private HttpResponse<InputStream> exchange(String host, String scope, Call call, URI uri)
      throws IOException {
    URI target = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10));
      call.headers().forEach(b::header);
      boolean sameHost = target.getAuthority().equals(base(host).getAuthority());
      if (sameHost) {
        authorization(host, scope).ifPresent(a -> b.header("Authorization", a));
      }
      b.method(
          call.method(),
          call.body() == null ? HttpRequest.BodyPublishers.noBody() : call.body().get());
      HttpResponse<InputStream> r;
      try {
        r = http.get().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted while talking to " + host);
      }
      int s = r.statusCode();
      boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
      if (!redirect
          || hop >= MAX_REDIRECTS
          || !(call.method().equals("GET") || call.method().equals("HEAD"))) {
        return r;
      }
      Optional<String> location = r.headers().firstValue("Location");
      close(r);
      if (location.isEmpty()) {
        throw new RegistryException(host + " redirected without a Location");
      }
      target = target.resolve(location.get());
    }
  }

  /**
   * The base URI for {@code host}: Docker Hub's endpoint, https, or http where allowed and spoken.
   */
  URI base(String host) {
    return bases.computeIfAbsent(host, this::probe);
  }

  private URI probe(String host) {
    if (ImageName.DOCKER_HUB.equals(host)) {
      return URI.create("https://" + DOCKER_HUB_ENDPOINT);
    }
    URI https = URI.create("https://" + host);
    if (!plainHttpAllowed(host)) {
      return https;
    }
    // Short: a plain-HTTP server may sit silent on a TLS handshake instead of refusing it. A
    // server that answers TLS gets https (a certificate problem is then reported by the real
    // request, never talked past); one that does not may speak plain HTTP, which this host is
    // allowed to: ask it so.
    if (SchemeProbe.speaksTls(host, Duration.ofSeconds(3))) {
      return https;
    }
    if (SchemeProbe.speaksHttp(host, Duration.ofSeconds(30))) {
      return URI.create("http://" + host);
    }
    return https; // unreachable either way; the real request reports it
  }

  private static boolean certificateProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof java.security.cert.CertPathValidatorException
          || String.valueOf(t.getMessage()).contains("PKIX")) {
        return true;
      }
    }
    return false;
  }

  /** Loopback registries and those named in {@code --insecure-registry} may use plain HTTP. */
  boolean plainHttpAllowed(String host) {
    if (options.insecureRegistries().contains(host)) {
      return true;
    }
    String name = host;
    if (name.startsWith("[")) {
      name = name.substring(1, name.indexOf(']'));
    } else if (name.indexOf(':') >= 0) {
      name = name.substring(0, name.lastIndexOf(':'));
    }
    if (name.equals("localhost")) {
      return true;
    }
    if (!name.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name that is not a literal address is never resolved just to decide this
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  Optional<Credentials> credentials(String host) {
    Credentials c = overrides.get(host);
    return c != null ? Optional.of(c) : options.dockerConfig().credentials(host);
  }

  private Optional<String> authorization(String host, String scope) {
    String a = authorizations.get(host + "|" + scope);
    return Optional.ofNullable(a != null ? a : authorizations.get(host + "|*"));
  }

  private void authenticate(String host, String scope, String header) {
    Challenge c =
        Challenge.parse(header)
            .orElseThrow(() -> new RegistryException(host + " answered 401 without a challenge"));
    Optional<Credentials> creds = credentials(host);
    switch (c.scheme()) {
      case "basic" -> {
        Credentials cr =
            creds.orElseThrow(
                () ->
                    new RegistryException(
                        host + " requires authentication: run strata login " + host));
        authorizations.put(host + "|*", "Basic " + cr.basicToken());
      }
      case "bearer" ->
          authorizations.put(host + "|" + scope, "Bearer " + token(host, c, scope, creds));
      default ->
          throw new RegistryException(host + " asks for unsupported authentication " + c.scheme());
    }
  }

  /** A token from the challenge's realm for {@code scope}, as docker's token flow gets it. */
  private String token(String host, Challenge c, String scope, Optional<Credentials> creds) {
    String realm = c.param("realm");
    if (realm.isEmpty()) {
      throw new RegistryException(host + " sent a Bearer challenge without a realm");
    }
    StringBuilder q = new StringBuilder();
    if (!c.param("service").isEmpty()) {
      q.append("service=").append(enc(c.param("service")));
    }
    for (String s : scope.split(" ")) {
      if (!s.isEmpty()) {
        q.append(q.length() == 0 ? "" : "&").append("scope=").append(enc(s));
      }
    }
    URI uri = URI.create(realm + (q.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + q));
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
      creds.ifPresent(cr -> b.header("Authorization", "Basic " + cr.basicToken()));
      try {
        HttpResponse<byte[]> r =
            http.get().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 401 || r.statusCode() == 403) {
          throw new RegistryException(
              "the token service of " + host + " (" + uri.getHost() + ") refused the credentials");
        }
        if (r.statusCode() >= 500 && attempt < options.attempts()) {
          pause(backoff(attempt), host);
          continue;
        }
        if (r.statusCode() != 200) {
          throw new RegistryException(
              "the token service of "
                  + host
                  + " ("
                  + uri.getHost()
                  + ") answered "
                  + r.statusCode());
        }
        JsonNode body = JSON.readTree(r.body());
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
          throw new RegistryException("the token service of " + host + " sent no token");
        }
        return token;
      } catch (IOException e) {
        if (attempt >= options.attempts()) {
          throw new RegistryException(
              "cannot reach the token service of "
                  + host
                  + " ("
                  + uri.getHost()
                  + "): "
                  + describe(e));
        }
        pause(backoff(attempt), host);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException("interrupted while talking to " + host);
      }
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Duration backoff(int failures) {
    long ms = options.backoff().toMillis() << Math.min(failures - 1, 5);
    return Duration.ofMillis(Math.min(ms, 10_000));
  }

  /** {@code Retry-After} in seconds or as an HTTP date, at most a minute. */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> v = headers.firstValue("Retry-After");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(v.get().trim()));
    } catch (NumberFormatException e) {
      try {
        d =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(v.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (RuntimeException bad) {
        return Optional.empty();
      }
    }
    Duration max = Duration.ofMinutes(1);
    return Optional.of(d.isNegative() ? Duration.ZERO : d.compareTo(max) > 0 ? max : d);
  }

  private static void pause(Duration d, String host) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting to retry " + host);
    }
  }

  /** The registry's own error text (its JSON {@code errors}), as {@code ": code: message"}. */
  static String errorText(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(64 << 10);
      JsonNode errors = JSON.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        JsonNode e = errors.get(0);
        String code = e.path("code").asText("").toLowerCase();
        String message = e.path("message").asText("");
        String c = code.replace('_', ' ');
        return ": " + (c.isEmpty() || c.equalsIgnoreCase(message) ? "" : c + ": ") + message;
      }
    } catch (IOException | RuntimeException e) {
      // no readable error body: the status says enough
    }
    return "";
  }

  static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException e) {
      // the connection goes away either way
    }
  }

  static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.nio.channels.UnresolvedAddressException
            || t instanceof UnknownHostException) {
          return "unknown host";
        }
      }
      return "connection refused";
    }
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    return m == null || m.isBlank() ? name : m.replace('\n', ' ');
  }
}
