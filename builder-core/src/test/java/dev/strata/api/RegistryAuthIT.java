package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.registry.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker-registry with htpasswd basic auth and with TLS from a test CA: login checks and
 * records credentials, a wrong password is refused in one line that never shows it, logout forgets;
 * TLS works with --tls-ca and fails without it, saying so.
 */
class RegistryAuthIT {
  @TempDir Path tmp;

  RegistrySettings settings(Path config, Path ca) {
    return new RegistrySettings(Optional.ofNullable(ca), List.of(), Optional.of(config));
  }

  String imported(Path root, String name) throws Exception {
    try (Images images = Images.open(root)) {
      return images.importTarball(RegistryImages.tarball(tmp, "img", 200_000, 3), name).id();
    }
  }

  @Test
  void basicAuthLoginPushPullLogout() throws Exception {
    try (RegistryServer registry =
        RegistryServer.start(tmp.resolve("registry"), RegistryServer.Variant.BASIC_AUTH)) {
      Path config = tmp.resolve("docker");
      RegistrySettings settings = settings(config, null);
      String name = registry.host() + "/private/app:1";
      Path source = tmp.resolve("source");
      String id = imported(source, name);

      // without credentials
      try (Images images = Images.open(source)) {
        assertThatThrownBy(() -> images.push(name, Optional.empty(), settings, l -> {}))
            .isInstanceOf(StrataException.class)
            .hasMessage(
                "cannot push "
                    + name
                    + ": "
                    + registry.host()
                    + " requires authentication: run strata login "
                    + registry.host());
      }

      // a wrong password: refused, nothing recorded, the password nowhere in the message
      Registries registries = new Registries(settings);
      assertThatThrownBy(
              () -> registries.login(registry.host(), RegistryServer.USER, "wrong-pw-123"))
          .isInstanceOf(StrataException.class)
          .satisfies(
              e -> {
                assertThat(e.getMessage())
                    .startsWith(
                        "login to "
                            + registry.host()
                            + " failed: "
                            + registry.host()
                            + " refused the credentials")
                    .doesNotContain("wrong-pw-123")
                    .doesNotContain("\n");
                assertThat(e.getCause()).isNull();
              });
      assertThat(config.resolve("config.json")).doesNotExist();

      registries.login(registry.host(), RegistryServer.USER, RegistryServer.PASSWORD);
      String auth =
          new ObjectMapper()
              .readTree(config.resolve("config.json").toFile())
              .path("auths")
              .path(registry.host())
              .path("auth")
              .asText();
      assertThat(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8))
          .isEqualTo(RegistryServer.USER + ":" + RegistryServer.PASSWORD);

      try (Images images = Images.open(source)) {
        assertThat(images.push(name, Optional.empty(), settings, l -> {})).isEqualTo(id);
      }
      Path fresh = tmp.resolve("fresh");
      try (Images images = Images.open(fresh)) {
        assertThat(images.pull(name, Optional.empty(), settings, l -> {}).id()).isEqualTo(id);
      }
      RegistryImages.assertClean(fresh);

      assertThat(registries.logout(registry.host())).isTrue();
      assertThat(registries.logout(registry.host())).isFalse();
      Path other = tmp.resolve("other");
      try (Images images = Images.open(other)) {
        assertThatThrownBy(() -> images.pull(name, Optional.empty(), settings, l -> {}))
            .hasMessage(
                "cannot pull "
                    + name
                    + ": "
                    + registry.host()
                    + " requires authentication: run strata login "
                    + registry.host());
        assertThat(images.list()).isEmpty();
      }
      RegistryImages.assertClean(other);
    }
  }

  @Test
  void tlsWithTheTestCaAndAClearFailureWithoutIt() throws Exception {
    try (RegistryServer registry =
        RegistryServer.start(tmp.resolve("registry"), RegistryServer.Variant.TLS)) {
      Path config = tmp.resolve("docker");
      String name = registry.host() + "/secure/app:1";
      Path source = tmp.resolve("source");
      String id = imported(source, name);
      try (Images images = Images.open(source)) {
        assertThatThrownBy(
                () -> images.push(name, Optional.empty(), settings(config, null), l -> {}))
            .isInstanceOf(StrataException.class)
            .hasMessage(
                "cannot push "
                    + name
                    + ": the TLS certificate of "
                    + registry.host()
                    + " is not trusted (give its CA with --tls-ca FILE, or add it to the system's"
                    + " trust store)");
        assertThat(images.push(name, Optional.empty(), settings(config, registry.ca()), l -> {}))
            .isEqualTo(id);
      }
      Path fresh = tmp.resolve("fresh");
      try (Images images = Images.open(fresh)) {
        assertThat(
                images.pull(name, Optional.empty(), settings(config, registry.ca()), l -> {}).id())
            .isEqualTo(id);
      }
      RegistryImages.assertClean(fresh);
      // skopeo agrees that it is TLS with that CA
      Path certs = Files.createDirectories(tmp.resolve("certs"));
      Files.copy(registry.ca(), certs.resolve("ca.crt"));
      RegistryImages.run(
          tmp, "skopeo", "inspect", "--cert-dir", certs.toString(), "docker://" + name);
    }
  }
}
