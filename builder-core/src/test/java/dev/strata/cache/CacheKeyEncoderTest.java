package dev.strata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CacheKeyEncoderTest {

  // ---- properties: injectivity

  @Provide
  Arbitrary<CacheArbitraries.Keyed> keyed() {
    return CacheArbitraries.keyed();
  }

  @Property(tries = 2000)
  void everyEncodingDecodesBackToItsInputs(@ForAll("keyed") CacheArbitraries.Keyed k) {
    assertThat(KeyDecoding.decode(k.encode())).isEqualTo(k.identity());
  }

  @Property(tries = 3000)
  void differentInputsNeverEncodeAlike(
      @ForAll("keyed") CacheArbitraries.Keyed a, @ForAll("keyed") CacheArbitraries.Keyed b) {
    boolean sameBytes = java.util.Arrays.equals(a.encode(), b.encode());
    assertThat(sameBytes).isEqualTo(a.identity().equals(b.identity()));
    assertThat(a.key().equals(b.key())).isEqualTo(sameBytes);
  }

  @Property(tries = 1000)
  void changingAnyOneComponentChangesTheKey(
      @ForAll("keyed") CacheArbitraries.Keyed k, @ForAll("mutation") Mutation m) {
    Optional<StepInputs> mutated = m.apply(k.inputs());
    if (mutated.isEmpty()) {
      return;
    }
    assertThat(CacheKeyEncoder.key(k.parent(), mutated.get()))
        .as("%s of %s", m, k.inputs())
        .isNotEqualTo(k.key());
  }

  @Property(tries = 500)
  void theParentIsPartOfTheKey(
      @ForAll("keyed") CacheArbitraries.Keyed k, @ForAll("keyed") CacheArbitraries.Keyed other) {
    Optional<CacheKey> otherParent = Optional.of(other.key());
    if (otherParent.equals(k.parent())) {
      return;
    }
    assertThat(CacheKeyEncoder.key(otherParent, k.inputs())).isNotEqualTo(k.key());
  }

  @Property(tries = 1000)
  void hiddenValuesAreInjectiveOverNameAndValue(
      @ForAll("names") String n1,
      @ForAll("names") String v1,
      @ForAll("names") String n2,
      @ForAll("names") String v2) {
    StepInput.Hidden a = StepInput.Hidden.of(InputKind.BUILD_ARG, n1, v1);
    StepInput.Hidden b = StepInput.Hidden.of(InputKind.BUILD_ARG, n2, v2);
    assertThat(a.digest().equals(b.digest())).isEqualTo(n1.equals(n2) && v1.equals(v2));
  }

  @Provide
  Arbitrary<String> names() {
    return CacheArbitraries.text();
  }

  /** One edit of one component. */
  enum Mutation {
    APPEND_TO_VALUE,
    APPEND_TO_NAME,
    DROP_FIRST,
    SWAP_FIRST_TWO,
    CHANGE_KIND;

    Optional<StepInputs> apply(StepInputs s) {
      List<StepInput> l = new ArrayList<>(s.inputs());
      if (this == CHANGE_KIND) {
        return Optional.of(
            new StepInputs(s.kind() == StepKind.RUN ? StepKind.ADD : StepKind.RUN, l));
      }
      if (l.isEmpty()) {
        return Optional.empty();
      }
      StepInput first = l.get(0);
      switch (this) {
        case APPEND_TO_VALUE -> l.set(0, appendValue(first));
        case APPEND_TO_NAME -> l.set(0, rename(first, first.name() + "x"));
        case DROP_FIRST -> l.remove(0);
        case SWAP_FIRST_TWO -> {
          if (l.size() < 2 || l.get(0).equals(l.get(1))) {
            return Optional.empty();
          }
          l.set(0, l.get(1));
          l.set(1, first);
        }
        default -> throw new IllegalStateException();
      }
      try {
        return Optional.of(new StepInputs(s.kind(), l));
      } catch (IllegalArgumentException duplicate) {
        return Optional.empty();
      }
    }

    private static StepInput appendValue(StepInput i) {
      if (i instanceof StepInput.Text t) {
        return new StepInput.Text(t.kind(), t.name(), t.value() + "x");
      } else if (i instanceof StepInput.Hidden h) {
        return new StepInput.Hidden(h.kind(), h.name(), Digest.sha256(h.digest().toString()));
      } else if (i instanceof StepInput.Content c) {
        return new StepInput.Content(c.kind(), c.name(), Digest.sha256(c.digest().toString()));
      }
      StepInput.Files f = (StepInput.Files) i;
      List<FileEntry> entries = new ArrayList<>(f.files().entries());
      FileEntry extra = FileEntry.directory("zz-extra", 0755);
      entries.add(f.files().withOwners() ? extra.withOwner(0, 0) : extra);
      return new StepInput.Files(f.name(), FileSet.of(entries, f.files().withOwners()));
    }

    private static StepInput rename(StepInput i, String name) {
      if (i instanceof StepInput.Text t) {
        return new StepInput.Text(t.kind(), name, t.value());
      } else if (i instanceof StepInput.Hidden h) {
        return new StepInput.Hidden(h.kind(), name, h.digest());
      } else if (i instanceof StepInput.Content c) {
        return new StepInput.Content(c.kind(), name, c.digest());
      }
      return new StepInput.Files(name, ((StepInput.Files) i).files());
    }
  }

  @Provide
  Arbitrary<Mutation> mutation() {
    return net.jqwik.api.Arbitraries.of(Mutation.class);
  }

  // ---- examples

  @Test
  void fieldsThatRunTogetherStillGiveDifferentKeys() {
    StepInputs a = StepInputs.builder(StepKind.RUN).option("ab", "c").build();
    StepInputs b = StepInputs.builder(StepKind.RUN).option("a", "bc").build();
    StepInputs c = StepInputs.builder(StepKind.RUN).option("a", "b").option("", "c").build();
    assertThat(CacheKeyEncoder.key(Optional.empty(), a))
        .isNotEqualTo(CacheKeyEncoder.key(Optional.empty(), b))
        .isNotEqualTo(CacheKeyEncoder.key(Optional.empty(), c));
  }

  @Test
  void aTextInputAndAHiddenInputOfTheSameNameDiffer() {
    StepInputs text = StepInputs.builder(StepKind.RUN).option("X", "1").build();
    StepInputs env = StepInputs.builder(StepKind.RUN).env("X", "1").build();
    StepInputs arg = StepInputs.builder(StepKind.RUN).buildArg("X", "1").build();
    assertThat(List.of(key(text), key(env), key(arg))).doesNotHaveDuplicates();
  }

  @Test
  void environmentOrderIsPartOfTheKey() {
    StepInputs ab = StepInputs.builder(StepKind.RUN).env("A", "1").env("B", "2").build();
    StepInputs ba = StepInputs.builder(StepKind.RUN).env("B", "2").env("A", "1").build();
    assertThat(key(ab)).isNotEqualTo(key(ba));
  }

  @Test
  void noParentAndAParentDiffer() {
    StepInputs s = StepInputs.builder(StepKind.ENV).instruction("ENV A=1").build();
    CacheKey root = CacheKeyEncoder.key(Optional.empty(), s);
    assertThat(CacheKeyEncoder.key(root, s)).isNotEqualTo(root);
  }

  @Test
  void textWithAnUnpairedSurrogateIsRefused() {
    assertThatThrownBy(() -> StepInputs.builder(StepKind.RUN).instruction("RUN \uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> StepInputs.builder(StepKind.RUN).env("A", "\uDC00x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- golden: the encoding is pinned

  /** The documented layout built by hand, byte by byte, for one small step. */
  @Test
  void encodingFollowsTheDocumentedLayout() {
    CacheKey parent = new CacheKey(Digest.sha256("parent"));
    StepInputs s =
        StepInputs.builder(StepKind.RUN)
            .instruction("RUN true")
            .env("A", "1")
            .copiedContent("builder", Digest.sha256("content"))
            .build();
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    text(want, "strata.cache.key");
    u32(want, 1);
    want.write(1);
    text(want, parent.toString());
    text(want, "RUN");
    u32(want, 3);
    text(want, "INSTRUCTION");
    text(want, "");
    text(want, "RUN true");
    text(want, "ENV");
    text(want, "A");
    ByteArrayOutputStream hidden = new ByteArrayOutputStream();
    text(hidden, "strata.cache.hidden.v1");
    text(hidden, "ENV");
    text(hidden, "A");
    text(hidden, "1");
    text(want, Digest.sha256(hidden.toByteArray()).toString());
    text(want, "COPIED_CONTENT");
    text(want, "builder");
    text(want, Digest.sha256("content").toString());
    assertThat(HexFormat.of().formatHex(CacheKeyEncoder.encode(Optional.of(parent), s)))
        .isEqualTo(HexFormat.of().formatHex(want.toByteArray()));
  }

  /**
   * Keys of a small realistic build, pinned. If this fails, the encoding changed: every user's
   * cache is invalidated, so bump {@link CacheKeyEncoder#VERSION} and re-pin deliberately.
   */
  @Test
  void renderedValuesArePinned() {
    assertThat(GoldenBuild.run().find(InputKind.SHELL, "").orElseThrow())
        .isEqualTo(new StepInput.Text(InputKind.SHELL, "", "[\"/bin/sh\",\"-c\"]"));
    assertThat(GoldenBuild.run().find(InputKind.MOUNT, "/var/cache/apk").orElseThrow())
        .isEqualTo(new StepInput.Text(InputKind.MOUNT, "/var/cache/apk", "id=apk,type=cache"));
  }

  @Test
  void keysOfAKnownBuildArePinned() {
    Map<String, CacheKey> keys = GoldenBuild.keys();
    assertThat(keys.get("from"))
        .hasToString("sha256:7487a04a9d4406a0ec6767714df9512a1e316e7d25aae031bbf31d85c3bb3135");
    assertThat(keys.get("run"))
        .hasToString("sha256:c49cbcf779402bc49a88f9815f494a75a032a6bf75ac7c9b2375f174a14b627c");
    assertThat(keys.get("copy"))
        .hasToString("sha256:404322ec9bdccc6ff9b9cc84ac158b8ff88aa0612d571f1c67de8b71adea37ad");
    assertThat(keys.get("env"))
        .hasToString("sha256:cd392bf027b3d7528b435b053520f8f7958851f384fac3225eab4e354a635cf4");
  }

  private static CacheKey key(StepInputs s) {
    return CacheKeyEncoder.key(Optional.empty(), s);
  }

  private static void text(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(out, b.length);
    out.writeBytes(b);
  }

  private static void u32(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
  }
}
