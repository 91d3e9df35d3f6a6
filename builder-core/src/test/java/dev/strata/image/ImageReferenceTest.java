package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import dev.strata.StrataException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Normalization table written from docker/distribution's reference grammar: input, the full form
 * the store matches on, and the familiar form Docker displays ({@code -} for "same as input").
 */
class ImageReferenceTest {
  static final String HEX = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app                         | docker.io/library/app                | app",
        "app:1.0                     | docker.io/library/app:1.0            | app:1.0",
        "library/app                 | docker.io/library/app                | app",
        "docker.io/app               | docker.io/library/app                | app",
        "docker.io/library/app:v2    | docker.io/library/app:v2             | app:v2",
        "index.docker.io/user/app:t  | docker.io/user/app:t                 | user/app:t",
        "user/app                    | docker.io/user/app                   | user/app",
        "user/sub/app                | docker.io/user/sub/app               | user/sub/app",
        "library/sub/app             | docker.io/library/sub/app            | library/sub/app",
        "localhost/app               | localhost/app                        | localhost/app",
        "localhost:5000/x:tag        | localhost:5000/x:tag                 | localhost:5000/x:tag",
        "localhost:5000              | docker.io/library/localhost:5000     | localhost:5000",
        "quay.io/org/sub/app:v1.2_3  | quay.io/org/sub/app:v1.2_3           | quay.io/org/sub/app:v1.2_3",
        "Registry/app                | Registry/app                         | Registry/app",
        "[::1]:5000/app:tag          | [::1]:5000/app:tag                   | [::1]:5000/app:tag",
        "10.0.0.1:5000/a/b           | 10.0.0.1:5000/a/b                    | 10.0.0.1:5000/a/b",
        "my_app                      | docker.io/library/my_app             | my_app",
        "a__b.c---d                  | docker.io/library/a__b.c---d         | a__b.c---d",
        "app:_Tag.With-Chars         | docker.io/library/app:_Tag.With-Chars | app:_Tag.With-Chars",
        "app@sha256:"
            + HEX
            + "      | docker.io/library/app@sha256:"
            + HEX
            + " | app@sha256:"
            + HEX,
        "app:tag@sha256:"
            + HEX
            + "  | docker.io/library/app:tag@sha256:"
            + HEX
            + " | app:tag@sha256:"
            + HEX,
      })
  void normalizesAsDockerDoes(String input, String full, String familiar) {
    ImageReference ref = ImageReference.parse(input);
    assertThat(ref.toString()).isEqualTo(full);
    assertThat(ref.familiar()).isEqualTo(familiar);
    assertThat(ImageReference.parse(full)).isEqualTo(ref);
    assertThat(ImageReference.parse(familiar)).isEqualTo(ref);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "App               | repository name must be lowercase",
        "user/App          | repository name must be lowercase",
        "app:              | invalid tag \"\"",
        "app:-x            | invalid tag \"-x\"",
        "app:.x            | invalid tag \".x\"",
        ":tag              | empty name",
        "/app              | want [registry/]name",
        "app/              | want [registry/]name",
        "a//b              | want [registry/]name",
        "-app              | want [registry/]name",
        "app-              | want [registry/]name",
        "a___b             | want [registry/]name",
        "app:tag:tag       | want [registry/]name",
        "app name          | want [registry/]name",
        "a.b_c/app         | want [registry/]name",
        "app@sha256:abc    | malformed digest",
        "app@              | malformed digest",
        "app@md5           | malformed digest",
        HEX + "            | is an id, not a name",
      })
  void rejectsInvalidReferencesWithAClearMessage(String input, String message) {
    assertThatThrownBy(() -> ImageReference.parse(input))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid ")
        .hasMessageContaining(message);
  }

  @Test
  void emptyReferenceIsRejected() {
    assertThatThrownBy(() -> ImageReference.parse(""))
        .isInstanceOf(StrataException.class)
        .hasMessage("invalid image reference: empty");
  }

  @Test
  void namesAndTagsHaveLengthLimits() {
    String longTag = "t".repeat(129);
    assertThatThrownBy(() -> ImageReference.parse("app:" + longTag))
        .isInstanceOf(StrataException.class);
    assertThat(ImageReference.parse("app:" + "t".repeat(128)).tag()).hasSize(128);
    String longName = "a".repeat(256);
    assertThatThrownBy(() -> ImageReference.parse("example.com/" + longName))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("longer than 255");
  }

  @Test
  void defaultTagIsLatestOnlyWithoutTagOrDigest() {
    assertThat(ImageReference.parse("app").withDefaultTag().familiar()).isEqualTo("app:latest");
    assertThat(ImageReference.parse("app:v1").withDefaultTag().tag()).isEqualTo("v1");
    ImageReference byDigest = ImageReference.parse("app@sha256:" + HEX).withDefaultTag();
    assertThat(byDigest.tag()).isNull();
    assertThat(byDigest.digest()).isEqualTo(Digest.parse("sha256:" + HEX));
  }

  @Test
  void imageNameRefusesTagsAndDigests() {
    assertThat(ImageName.parse("user/app").familiar()).isEqualTo("user/app");
    assertThatThrownBy(() -> ImageName.parse("app:v1"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("a tag or digest is not allowed here");
  }

  @Property
  void fullAndFamiliarFormsParseBackToTheSameReference(@ForAll("references") String text) {
    ImageReference ref = ImageReference.parse(text);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
    assertThat(ImageReference.parse(ref.familiar())).isEqualTo(ref);
    assertThat(ref.toString()).startsWith(ref.name().domain() + "/");
  }

  @Provide
  Arbitrary<String> references() {
    Arbitrary<String> alnum =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> sep = Arbitraries.of(".", "_", "__", "-", "--");
    Arbitrary<String> component =
        Combinators.combine(alnum, sep, alnum, Arbitraries.integers().between(0, 1))
            .as((a, s, b, two) -> two == 1 ? a + s + b : a);
    Arbitrary<String> path =
        component.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<String> domain =
        Arbitraries.of(
            "",
            "docker.io/",
            "index.docker.io/",
            "localhost/",
            "localhost:5000/",
            "quay.io/",
            "Reg.Example.com:443/",
            "[::1]/");
    Arbitrary<String> tag =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .numeric()
            .withChars('_', '.', '-')
            .ofMinLength(1)
            .ofMaxLength(10)
            .filter(t -> t.charAt(0) != '.' && t.charAt(0) != '-')
            .map(t -> ":" + t)
            .injectNull(0.3);
    return Combinators.combine(domain, path, tag).as((d, p, t) -> d + p + (t == null ? "" : t));
  }
}
