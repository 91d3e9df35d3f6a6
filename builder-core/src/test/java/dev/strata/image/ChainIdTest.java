package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdTest {
  static Digest sha256Hex(String text) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return Digest.parse("sha256:" + HexFormat.of().formatHex(h));
  }

  @Test
  void baseLayerChainIdIsItsDiffId() {
    Digest a = Digest.sha256("a");
    assertThat(ChainId.of(List.of(a))).isEqualTo(a);
    assertThat(ChainId.of(null, a)).isEqualTo(a);
  }

  @Test
  void eachChainIdHashesTheParentChainIdSpaceAndDiffId() throws Exception {
    Digest a = Digest.sha256("a");
    Digest b = Digest.sha256("b");
    Digest c = Digest.sha256("c");
    Digest ab = sha256Hex(a + " " + b);
    Digest abc = sha256Hex(ab + " " + c);

    assertThat(ChainId.all(List.of(a, b, c))).containsExactly(a, ab, abc);
    assertThat(ChainId.of(List.of(a, b, c))).isEqualTo(abc);
  }

  @Test
  void sameLayerOnDifferentParentsHasDifferentChainIds() {
    Digest a = Digest.sha256("a");
    Digest b = Digest.sha256("b");
    Digest x = Digest.sha256("x");
    assertThat(ChainId.of(List.of(a, x))).isNotEqualTo(ChainId.of(List.of(b, x)));
  }
}
