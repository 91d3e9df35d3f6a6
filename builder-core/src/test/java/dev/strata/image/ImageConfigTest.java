package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageConfigTest.class.getResourceAsStream("/image/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void dockerWrittenConfigParsesIntoTheModel() throws IOException {
    ImageConfig c = ImageConfig.parse(resource("docker-config.json"), "docker-config.json");

    assertThat(c.platform()).isEqualTo(new Platform("linux", "amd64", null));
    assertThat(c.created()).isEqualTo(Instant.parse("2024-03-05T10:11:12.123456789Z"));
    ContainerConfig cc = c.config();
    assertThat(cc.user()).isEqualTo("app");
    assertThat(cc.exposedPorts()).containsExactly("53/udp", "8080/tcp");
    assertThat(cc.env())
        .containsExactly(
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "APP_HOME=/srv/app",
            "EMPTY=");
    assertThat(cc.envValue("APP_HOME")).isEqualTo("/srv/app");
    assertThat(cc.envValue("EMPTY")).isEmpty();
    assertThat(cc.envValue("NOPE")).isNull();
    assertThat(cc.cmd()).containsExactly("/bin/sh", "-c", "exec ./server --port 8080");
    assertThat(cc.entrypoint()).isEmpty();
    assertThat(cc.volumes()).containsExactly("/srv/app/data");
    assertThat(cc.workingDir()).isEqualTo("/srv/app");
    assertThat(cc.labels())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "empty.value", "",
                    "maintainer", "someone@example.com",
                    "org.opencontainers.image.title", "sample")));
    assertThat(cc.stopSignal()).isEqualTo("SIGQUIT");
    assertThat(cc.shell()).containsExactly("/bin/sh", "-c");
    assertThat(cc.onBuild()).containsExactly("COPY . /srv/app/src", "RUN make -C /srv/app/src");
    assertThat(cc.argsEscaped()).isTrue();
    Healthcheck h = cc.healthcheck();
    assertThat(h.test())
        .containsExactly("CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1");
    assertThat(h.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(h.startPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(h.startInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(h.retries()).isEqualTo(3);
    assertThat(h.disabled()).isFalse();
    assertThat(c.history()).hasSize(3);
    assertThat(c.history().get(1).emptyLayer()).isTrue();
    assertThat(c.history().get(2).comment()).isEqualTo("buildkit.dockerfile.v0");
    assertThat(c.diffIds())
        .containsExactly(
            Digest.parse("sha256:7cd52847ad775a5ddc4b58326cf884beee34544296402c6292ed76474c686d39"),
            Digest.parse(
                "sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1"));
  }

  @Test
  void fieldsStrataDoesNotModelAreKeptAtBothLevels() throws IOException {
    ImageConfig c = ImageConfig.parse(resource("docker-config.json"), "docker-config.json");

    assertThat(c.extra()).containsOnlyKeys("container", "container_config", "docker_version");
    assertThat(c.extra().get("docker_version").asText()).isEqualTo("20.10.24");
    assertThat(c.config().extra())
        .containsOnlyKeys(
            "Hostname",
            "Domainname",
            "AttachStdin",
            "AttachStdout",
            "AttachStderr",
            "Tty",
            "OpenStdin",
            "StdinOnce",
            "Image");
    assertThat(c.withoutExtra().extra()).isEmpty();
    assertThat(c.withoutExtra().config().extra()).isEmpty();
  }

  @Test
  void rewritingADockerConfigKeepsEverythingButTheNullEntrypoint() throws IOException {
    byte[] original = resource("docker-config.json");
    ImageConfig c = ImageConfig.parse(original, "docker-config.json");

    JsonNode expected = JSON.readTree(original);
    ((ObjectNode) expected.get("config")).remove("Entrypoint");
    JsonNode rewritten = JSON.readTree(c.toJson());

    assertThat(rewritten).isEqualTo(expected);
    assertThat(ImageConfig.parse(c.toJson(), "rewritten")).isEqualTo(c);
  }

  @Test
  void canonicalFormHasSortedKeysAtEveryDepthAndNoWhitespace() throws IOException {
    ImageConfig c = ImageConfig.parse(resource("docker-config.json"), "docker-config.json");
    byte[] bytes = c.toJson();
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertThat(text).doesNotContain("\n").doesNotContain(": ").doesNotContain(", ");
    assertSorted(JSON.readTree(bytes));
    assertThat(ImageConfig.parse(bytes, "again").toJson()).isEqualTo(bytes);
    assertThat(CanonicalJson.canonicalize(bytes, "canonical")).isEqualTo(bytes);
  }

  private static void assertSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      assertThat(names).isSorted();
      node.forEach(ImageConfigTest::assertSorted);
    } else if (node.isArray()) {
      node.forEach(ImageConfigTest::assertSorted);
    }
  }

  @Test
  void configStrataCreatesHasAnExactCanonicalEncoding() {
    ContainerConfig cc =
        ContainerConfig.builder()
            .env("PATH", "/bin")
            .env("A", "1")
            .env("PATH", "/usr/bin:/bin")
            .exposePort("80/tcp")
            .cmd(List.of("sh"))
            .label("b", "2")
            .label("a", "")
            .build();
    ImageConfig c =
        ImageConfig.empty(Platform.parse("linux/amd64"))
            .withConfig(cc)
            .withCreated(Instant.parse("2024-01-02T03:04:05Z"), null)
            .withEmptyLayerHistory(
                new History(
                    Instant.parse("2024-01-02T03:04:05.5Z"), null, "CMD [\"sh\"]", null, false));

    assertThat(new String(c.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"],"
                + "\"Env\":[\"PATH=/usr/bin:/bin\",\"A=1\"],\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"Labels\":{\"a\":\"\",\"b\":\"2\"}},\"created\":\"2024-01-02T03:04:05Z\","
                + "\"history\":[{\"created\":\"2024-01-02T03:04:05.5Z\","
                + "\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}],"
                + "\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[],\"type\":\"layers\"}}");
  }

  @Test
  void addingALayerAppendsItsDiffIdAndHistory() {
    Digest d = Digest.sha256("layer");
    ImageConfig c =
        ImageConfig.empty(Platform.parse("linux/arm64/v8"))
            .withLayer(d, new History(null, null, "RUN true", null, false));

    assertThat(c.diffIds()).containsExactly(d);
    assertThat(c.history()).extracting(History::createdBy).containsExactly("RUN true");
    assertThat(c.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
  }

  @Test
  void goTimestampsDropTrailingZerosOfTheFraction() {
    assertThat(JsonCodecs.formatTime(Instant.parse("2024-01-02T03:04:05Z")))
        .isEqualTo("2024-01-02T03:04:05Z");
    assertThat(JsonCodecs.formatTime(Instant.parse("2024-01-02T03:04:05.120Z")))
        .isEqualTo("2024-01-02T03:04:05.12Z");
    assertThat(JsonCodecs.formatTime(Instant.parse("2024-01-02T03:04:05.000000001Z")))
        .isEqualTo("2024-01-02T03:04:05.000000001Z");
    assertThat(JsonCodecs.formatTime(Instant.parse("0001-01-01T00:00:00Z")))
        .isEqualTo("0001-01-01T00:00:00Z");
    assertThat(JsonCodecs.parseTime("2019-08-20T20:19:55.211423266-07:00"))
        .isEqualTo(Instant.parse("2019-08-21T03:19:55.211423266Z"));
  }

  @Test
  void illTypedFieldIsAOneLineUserError() {
    byte[] bad =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":\"A=1\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageConfig.parse(bad, "image config sha256:abc"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid image config sha256:abc: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void malformedJsonNamesTheDocumentAndLine() {
    byte[] bad = "{\n\"architecture\": \"amd64\",\n oops}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageConfig.parse(bad, "config.json"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid config.json: ")
        .hasMessageContaining("line 3")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void badDiffIdAndBadTimestampAreUserErrors() {
    byte[] badDigest =
        "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:xyz\"]}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageConfig.parse(badDigest, "c"))
        .isInstanceOf(StrataException.class)
        .hasMessage("invalid c: invalid sha256 digest: xyz");
    byte[] badTime = "{\"created\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ImageConfig.parse(badTime, "c"))
        .isInstanceOf(StrataException.class)
        .hasMessage("invalid c: invalid timestamp (want RFC 3339): yesterday");
  }

  @Test
  void builderReplacesEnvInPlaceAndKeepsTriggersInOrder() {
    ContainerConfig cc =
        ContainerConfig.builder()
            .env("A", "1")
            .env("B", "2")
            .env("A", "3")
            .onBuild("RUN a")
            .onBuild("RUN b")
            .healthcheck(Healthcheck.none())
            .build();
    assertThat(cc.env()).containsExactly("A=3", "B=2");
    assertThat(cc.onBuild()).containsExactly("RUN a", "RUN b");
    assertThat(cc.healthcheck().disabled()).isTrue();
    assertThat(cc.toBuilder().build()).isEqualTo(cc);
  }
}
