package dev.strata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.image.Descriptor;
import dev.strata.image.ImageReference;
import dev.strata.image.Manifest;
import dev.strata.image.MediaTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bearer token flow as Docker Hub runs it (docker-registry needs a separate token service for
 * it, so an HTTP server in the test plays both): a 401 with {@code WWW-Authenticate: Bearer
 * realm,service,scope}, a token fetched from the realm with the scope and the configured basic
 * credentials, the request repeated with the token, and the token reused for the same scope.
 */
class BearerTokenFlowTest {
  static final String TOKEN = "tok-" + "9f8e7d";

  @TempDir Path dir;
  HttpServer server;
  final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  final List<String> registryAuth = new CopyOnWriteArrayList<>();
  byte[] manifest;

  @BeforeEach
  void start() throws IOException {
    manifest =
        Manifest.of(
                MediaTypes.OCI_MANIFEST,
                Descriptor.of(MediaTypes.OCI_CONFIG, "{}".getBytes(StandardCharsets.UTF_8)),
                List.of())
            .toJson();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/token", this::token);
    server.createContext("/v2/", this::registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void token(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    tokenRequests.add(ex.getRequestURI().getRawQuery() + " auth=" + auth);
    String expected = "Basic " + new Credentials("alice", "pw").basicToken();
    byte[] body =
        expected.equals(auth)
            ? ("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    ex.sendResponseHeaders(expected.equals(auth) ? 200 : 401, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  private void registry(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    registryAuth.add(String.valueOf(auth));
    if (!("Bearer " + TOKEN).equals(auth)) {
      ex.getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"http://"
                  + host()
                  + "/token\",service=\"test-registry\",scope=\"repository:team/app:pull\"");
      ex.sendResponseHeaders(401, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
    ex.sendResponseHeaders(200, manifest.length);
    ex.getResponseBody().write(manifest);
    ex.close();
  }

  @Test
  void tokenFromTheRealmWithScopeAndCredentials() throws Exception {
    DockerConfig config = new DockerConfig(dir, List.of());
    config.store(host(), new Credentials("alice", "pw"));
    RegistryClient client = new RegistryClient(RegistryOptions.defaults().withDockerConfig(config));
    ImageReference ref = ImageReference.parse(host() + "/team/app:1");
    assertThat(client.fetchManifest(ref).bytes()).isEqualTo(manifest);
    assertThat(client.fetchManifest(ref).bytes()).isEqualTo(manifest);
    assertThat(tokenRequests)
        .containsExactly(
            "service=test-registry&scope=repository%3Ateam%2Fapp%3Apull auth=Basic "
                + new Credentials("alice", "pw").basicToken());
    // the probe, the first try, the retry with the token, and the second fetch with it at once
    assertThat(registryAuth.subList(registryAuth.size() - 3, registryAuth.size()))
        .containsExactly("null", "Bearer " + TOKEN, "Bearer " + TOKEN);
  }

  @Test
  void refusedCredentialsAreOneLineWithoutSecrets() {
    DockerConfig config = new DockerConfig(dir, List.of());
    config.store(host(), new Credentials("alice", "not-pw-42"));
    RegistryClient client = new RegistryClient(RegistryOptions.defaults().withDockerConfig(config));
    assertThatThrownBy(() -> client.fetchManifest(ImageReference.parse(host() + "/team/app:1")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("the token service of " + host() + " (127.0.0.1) refused the credentials");
  }
}
