package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.Digest;
import dev.strata.StrataException;
import dev.strata.image.CanonicalJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CacheJsonTest {
  private static ObjectNode body() {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("zeta", "last \"quoted\" \\ and \u00e9 \ud83d\ude00");
    b.put("alpha", 1);
    b.putArray("list").add("checksum").addObject().put("checksum", ",\"checksum\":\"");
    return b;
  }

  @Test
  void aSealedDocumentIsTheCanonicalEnvelopeAndOpensToItsBody() {
    byte[] sealed = CacheJson.seal(CacheJson.BUILD, body());
    ObjectNode env = JsonNodeFactory.instance.objectNode();
    env.put("format", CacheJson.BUILD);
    env.put("version", CacheJson.VERSION);
    env.put("checksum", Digest.sha256(CanonicalJson.write(body())).toString());
    env.set("body", body());
    assertThat(new String(sealed, StandardCharsets.UTF_8))
        .isEqualTo(new String(CanonicalJson.write(env), StandardCharsets.UTF_8));
    assertThat(CacheJson.open(sealed, CacheJson.BUILD, "doc")).isEqualTo(body());
  }

  @Test
  void aChangedBodyByteFailsTheChecksum() {
    byte[] sealed = CacheJson.seal(CacheJson.BUILD, body());
    String text = new String(sealed, StandardCharsets.UTF_8).replace("\"alpha\":1", "\"alpha\":2");
    assertThatThrownBy(
            () -> CacheJson.open(text.getBytes(StandardCharsets.UTF_8), CacheJson.BUILD, "doc"))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void anotherLayoutOfTheSameDocumentIsCheckedByItsCanonicalForm() throws Exception {
    byte[] sealed = CacheJson.seal(CacheJson.BUILD, body());
    ObjectMapper mapper = new ObjectMapper();
    byte[] pretty =
        mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(mapper.readTree(sealed));
    assertThat(CacheJson.open(pretty, CacheJson.BUILD, "doc")).isEqualTo(body());

    String tampered =
        new String(pretty, StandardCharsets.UTF_8).replace("\"alpha\" : 1", "\"alpha\" : 3");
    assertThat(tampered).isNotEqualTo(new String(pretty, StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> CacheJson.open(tampered.getBytes(StandardCharsets.UTF_8), CacheJson.BUILD, "doc"))
        .hasMessageContaining("checksum mismatch");
  }
}
