package dev.strata.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from Docker's config.json: auths, credsStore and credHelpers, login and logout. */
class DockerConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * A docker-credential-NAME program that answers for {@code server} only, as the protocol says.
   */
  Path helper(String name, String server, String user, String secret) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path p = bin.resolve("docker-credential-" + name);
    Files.writeString(
        p,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 1\n"
            + "read server\n"
            + "[ \"$server\" = \""
            + server
            + "\" ] || { echo 'credentials not found in native keychain'; exit 1; }\n"
            + "printf '{\"ServerURL\":\"%s\",\"Username\":\""
            + user
            + "\",\"Secret\":\""
            + secret
            + "\"}\\n' \"$server\"\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void authsAreReadByHostWhateverTheKeyForm() throws Exception {
    Files.writeString(
        dir.resolve("config.json"),
        "{\"auths\":{\"https://reg.example:5000/v1/\":{\"auth\":\""
            + new Credentials("alice", "pw:with:colons").basicToken()
            + "\"},\"https://index.docker.io/v1/\":{\"auth\":\""
            + new Credentials("bob", "hub").basicToken()
            + "\"}}}");
    DockerConfig c = new DockerConfig(dir, List.of());
    assertThat(c.credentials("reg.example:5000"))
        .contains(new Credentials("alice", "pw:with:colons"));
    assertThat(c.credentials("docker.io")).contains(new Credentials("bob", "hub"));
    assertThat(c.credentials("other.example")).isEmpty();
  }

  @Test
  void credHelpersComeBeforeCredsStoreAndAuths() throws Exception {
    Path bin = helper("pass", "reg.example", "helper-user", "helper-secret");
    helper("store", "https://index.docker.io/v1/", "store-user", "store-secret");
    Files.writeString(
        dir.resolve("config.json"),
        "{\"credsStore\":\"store\",\"credHelpers\":{\"reg.example\":\"pass\"},"
            + "\"auths\":{\"reg.example\":{\"auth\":\""
            + new Credentials("x", "y").basicToken()
            + "\"}}}");
    DockerConfig c = new DockerConfig(dir, List.of(bin));
    assertThat(c.credentials("reg.example"))
        .contains(new Credentials("helper-user", "helper-secret"));
    assertThat(c.credentials("docker.io")).contains(new Credentials("store-user", "store-secret"));
    // the store does not know this one: none
    assertThat(c.credentials("third.example")).isEmpty();
  }

  @Test
  void missingHelperIsAOneLineErrorWithoutSecrets() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"reg.example\":\"absent\"}}");
    assertThatThrownBy(() -> new DockerConfig(dir, List.of()).credentials("reg.example"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "cannot run credential helper docker-credential-absent for reg.example: it is not"
                + " installed or did not answer with JSON");
  }

  @Test
  void storeAndRemoveKeepOtherFieldsAndHideTheFile() throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"psFormat\":\"table\",\"auths\":{}}");
    DockerConfig c = new DockerConfig(dir, List.of());
    c.store("reg.example:5000", new Credentials("alice", "secret"));
    JsonNode root = JSON.readTree(dir.resolve("config.json").toFile());
    assertThat(root.path("psFormat").asText()).isEqualTo("table");
    assertThat(root.path("auths").path("reg.example:5000").path("auth").asText())
        .isEqualTo(new Credentials("alice", "secret").basicToken());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("config.json"))))
        .isEqualTo("rw-------");
    assertThat(c.remove("reg.example:5000")).isTrue();
    assertThat(c.remove("reg.example:5000")).isFalse();
    assertThat(JSON.readTree(dir.resolve("config.json").toFile()).path("auths").size()).isZero();
  }

  /**
   * A docker-credential-NAME program that keeps what it is given in files beside itself, one per
   * server, as a keychain would: get, store and erase.
   */
  Path keychain(String name) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path p = bin.resolve("docker-credential-" + name);
    Files.writeString(
        p,
        "#!/bin/sh\n"
            + "db=\"$(dirname \"$0\")/"
            + name
            + "\"\n"
            + "case \"$1\" in\n"
            + "store) json=$(cat); server=$(printf %s \"$json\" | sed 's/.*\"ServerURL\":\"\\([^\"]*\\)\".*/\\1/');"
            + " printf %s \"$json\" > \"$db-$(printf %s \"$server\" | tr /: __)\" ;;\n"
            + "get) read server; f=\"$db-$(printf %s \"$server\" | tr /: __)\";"
            + " [ -f \"$f\" ] || { echo 'credentials not found in native keychain'; exit 1; }; cat \"$f\" ;;\n"
            + "erase) read server; f=\"$db-$(printf %s \"$server\" | tr /: __)\";"
            + " [ -f \"$f\" ] || { echo 'credentials not found in native keychain'; exit 1; }; rm \"$f\" ;;\n"
            + "*) exit 1 ;;\n"
            + "esac\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void loginAndLogoutGoThroughTheConfiguredHelperAndKeepNoSecretInTheFile() throws Exception {
    Path bin = keychain("keys");
    Files.writeString(dir.resolve("config.json"), "{\"credsStore\":\"keys\"}");
    DockerConfig c = new DockerConfig(dir, List.of(bin));
    c.store("reg.example:5000", new Credentials("alice", "s3cret"));
    c.store("docker.io", new Credentials("bob", "hub"));

    assertThat(c.credentials("reg.example:5000")).contains(new Credentials("alice", "s3cret"));
    assertThat(c.credentials("docker.io")).contains(new Credentials("bob", "hub"));
    String file = Files.readString(dir.resolve("config.json"));
    assertThat(file).doesNotContain("s3cret").doesNotContain("hub\"");
    // Listed as docker lists a login kept by a helper: an empty entry.
    JsonNode auths = JSON.readTree(file).path("auths");
    assertThat(auths.path("reg.example:5000").size()).isZero();
    assertThat(auths.has(DockerConfig.DOCKER_HUB_KEY)).isTrue();

    assertThat(c.remove("reg.example:5000")).isTrue();
    assertThat(c.credentials("reg.example:5000")).isEmpty();
    assertThat(c.credentials("docker.io")).contains(new Credentials("bob", "hub"));
    assertThat(c.remove("reg.example:5000")).isFalse();
  }

  @Test
  void aHelperThatRefusesToStoreIsAnErrorAndTheFileIsUntouched() throws Exception {
    Path bin = helper("readonly", "reg.example", "u", "p"); // answers get only
    String before = "{\"credHelpers\":{\"reg.example\":\"readonly\"}}";
    Files.writeString(dir.resolve("config.json"), before);
    DockerConfig c = new DockerConfig(dir, List.of(bin));
    assertThatThrownBy(() -> c.store("reg.example", new Credentials("alice", "s3cret")))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "credential helper docker-credential-readonly refused to store credentials for"
                + " reg.example");
    assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo(before);
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    assertThat(new Credentials("alice", "hunter2").toString()).doesNotContain("hunter2");
  }

  @Test
  void challengesParseAsDockerSendsThem() {
    Challenge c =
        Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/busybox:pull\"")
            .orElseThrow();
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
    assertThat(c.param("service")).isEqualTo("registry.docker.io");
    assertThat(c.param("scope")).isEqualTo("repository:library/busybox:pull");
    assertThat(Challenge.parse("Basic realm=\"strata-test\"").orElseThrow().scheme())
        .isEqualTo("basic");
  }
}
