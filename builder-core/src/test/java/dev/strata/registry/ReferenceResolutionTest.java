package dev.strata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.image.ImageReference;
import dev.strata.image.MediaTypes;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a reference is fetched from, as docker decides it; which hosts may use plain HTTP; how a
 * manifest's media type is checked against its content; how Retry-After is read.
 */
class ReferenceResolutionTest {
  final Transport transport =
      new Transport(RegistryOptions.defaults().withInsecureRegistries(List.of("build.lan:5000")));

  @Test
  void bareNamesGoToDockerHubsEndpoint() {
    ImageReference ref = ImageReference.parse("busybox").withDefaultTag();
    assertThat(ref.toString()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(transport.base(ref.name().domain()).toString())
        .isEqualTo("https://registry-1.docker.io");
    assertThat(ImageReference.parse("user/app").name().path()).isEqualTo("user/app");
  }

  @Test
  void hostsAreTakenAsWritten() {
    assertThat(ImageReference.parse("localhost:5000/x").name().domain())
        .isEqualTo("localhost:5000");
    assertThat(ImageReference.parse("host:5000/x/y:1").name().path()).isEqualTo("x/y");
    assertThat(ImageReference.parse("registry.example.com/x").name().domain())
        .isEqualTo("registry.example.com");
    ImageReference pinned = ImageReference.parse("quay.io/a/b@sha256:" + "ab".repeat(32));
    assertThat(pinned.digest().toString()).isEqualTo("sha256:" + "ab".repeat(32));
    assertThat(pinned.tag()).isNull();
  }

  @Test
  void plainHttpOnlyForLoopbackAndNamedRegistries() {
    assertThat(transport.plainHttpAllowed("127.0.0.1:5000")).isTrue();
    assertThat(transport.plainHttpAllowed("localhost:5000")).isTrue();
    assertThat(transport.plainHttpAllowed("[::1]:5000")).isTrue();
    assertThat(transport.plainHttpAllowed("build.lan:5000")).isTrue();
    assertThat(transport.plainHttpAllowed("build.lan:5001")).isFalse();
    assertThat(transport.plainHttpAllowed("10.0.0.5:5000")).isFalse();
    assertThat(transport.plainHttpAllowed("registry.example.com")).isFalse();
  }

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mediaTypeMustAgreeWithContent() {
    byte[] manifest = json("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}");
    byte[] index = json("{\"schemaVersion\":2,\"manifests\":[]}");
    assertThat(RegistryClient.mediaType(manifest, MediaTypes.DOCKER_MANIFEST, "x"))
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(RegistryClient.mediaType(index, MediaTypes.DOCKER_MANIFEST_LIST, "x"))
        .isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(RegistryClient.mediaType(index, "application/json", "x"))
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThatThrownBy(() -> RegistryClient.mediaType(manifest, MediaTypes.OCI_INDEX, "r:1"))
        .hasMessage(
            "manifest r:1 is served as application/vnd.oci.image.index.v1+json but its content is"
                + " a manifest");
    byte[] declared =
        json(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"layers\":[]}");
    assertThatThrownBy(() -> RegistryClient.mediaType(declared, MediaTypes.DOCKER_MANIFEST, "r:1"))
        .hasMessageContaining("of media type " + MediaTypes.OCI_MANIFEST);
    assertThatThrownBy(() -> RegistryClient.mediaType(json("{\"schemaVersion\":1}"), "", "r:1"))
        .hasMessageContaining("Docker schema 1");
  }

  @Test
  void retryAfterInSecondsOrAsADateAtMostAMinute() {
    assertThat(Transport.retryAfter(headers("Retry-After", "3"))).contains(Duration.ofSeconds(3));
    assertThat(Transport.retryAfter(headers("Retry-After", "3600")))
        .contains(Duration.ofMinutes(1));
    assertThat(Transport.retryAfter(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")))
        .contains(Duration.ZERO);
    assertThat(Transport.retryAfter(headers("X", "1"))).isEmpty();
  }

  static HttpHeaders headers(String k, String v) {
    return HttpHeaders.of(Map.of(k, List.of(v)), (a, b) -> true);
  }
}
