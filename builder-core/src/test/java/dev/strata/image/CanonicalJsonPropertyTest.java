package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** For every config: encoding is stable, decodes to the same value and is schema-valid. */
class CanonicalJsonPropertyTest {
  @Property(tries = 200)
  void everyConfigRoundTripsToTheSameBytes(@ForAll("configs") ImageConfig config) {
    byte[] json = config.toJson();
    ImageConfig back = ImageConfig.parse(json, "generated");
    assertThat(back).isEqualTo(config);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(CanonicalJson.canonicalize(json, "generated")).isEqualTo(json);
  }

  @Property(tries = 100)
  void everyConfigStrataWritesIsSchemaValid(@ForAll("configs") ImageConfig config) {
    assertThat(OciSchemas.violations(MediaTypes.OCI_CONFIG, config.toJson())).isEmpty();
  }

  @Provide
  Arbitrary<ImageConfig> configs() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(12);
    Arbitrary<String> key = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
    Arbitrary<List<String>> env =
        Combinators.combine(key, text).as((k, v) -> k + "=" + v).list().ofMaxSize(4);
    Arbitrary<Map<String, String>> labels = Arbitraries.maps(key, text).ofMaxSize(4);
    Arbitrary<Set<String>> ports =
        Arbitraries.integers().between(1, 65535).map(p -> p + "/tcp").set().ofMaxSize(3);
    Arbitrary<List<String>> cmd = text.list().ofMaxSize(3);
    Arbitrary<Instant> created =
        Arbitraries.longs()
            .between(0, 4_000_000_000L)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)))
            .injectNull(0.3);
    Arbitrary<List<Digest>> diffIds = text.map(Digest::sha256).list().ofMaxSize(3);
    return Combinators.combine(env, labels, ports, cmd, created, diffIds, text)
        .as(
            (e, l, p, c, t, d, user) -> {
              ContainerConfig.Builder b = ContainerConfig.builder().envList(e).cmd(c).user(user);
              l.forEach(b::label);
              p.forEach(b::exposePort);
              ImageConfig config =
                  ImageConfig.empty(Platform.parse("linux/arm64/v8"))
                      .withConfig(b.build())
                      .withCreated(t, null);
              for (Digest diff : d) {
                config = config.withLayer(diff, new History(t, null, "RUN " + user, null, false));
              }
              return config;
            });
  }
}
