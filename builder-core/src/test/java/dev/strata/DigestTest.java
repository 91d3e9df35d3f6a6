package dev.strata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String HEX =
      "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";

  @Test
  void parsesSha256AndOtherRegisteredForms() {
    Digest d = Digest.parse("sha256:" + HEX);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.encoded()).isEqualTo(HEX);
    assertThat(d).isEqualTo(Digest.sha256("foo"));
    assertThat(Digest.parse("sha512:abc_DEF-123=").algorithm()).isEqualTo("sha512");
    assertThat(Digest.parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"))
        .isNotNull();
  }

  @Test
  void rejectsMalformedSha256() {
    for (String bad :
        new String[] {
          "sha256:" + HEX.toUpperCase(),
          "sha256:" + HEX.substring(1),
          "sha256:" + HEX + "0",
          "sha256:" + HEX.substring(1) + "g",
          "sha256:",
          "sha256",
          ":" + HEX
        }) {
      assertThat(Digest.isDigest(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Digest.parse(bad)).isInstanceOf(StrataException.class);
    }
  }

  @Test
  void rejectsBadAlgorithmsAndEncodings() {
    assertThatThrownBy(() -> Digest.parse("SHA256:" + HEX))
        .hasMessageContaining("invalid digest algorithm");
    assertThatThrownBy(() -> Digest.parse("sha512:abc/def")).hasMessageContaining("sha512");
    assertThat(Digest.isDigest("sha-:abc")).isFalse();
  }
}
