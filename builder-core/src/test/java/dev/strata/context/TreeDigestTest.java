package dev.strata.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TreeDigestTest {
  /** An entry plus the content digest of files, as the digest sees a selection. */
  record Item(ContextEntry entry, Digest content) {
    /** Exactly the fields the digest must depend on. */
    List<Object> identity(boolean withOwners) {
      List<Object> id = new ArrayList<>();
      id.add(entry.path());
      id.add(entry.type());
      id.add(entry.mode());
      id.add(entry.type() == EntryType.FILE ? content : entry.linkTarget());
      if (withOwners) {
        id.add(entry.uid());
        id.add(entry.gid());
      }
      return id;
    }
  }

  private static Digest digest(List<Item> items, boolean withOwners) {
    Map<String, Digest> contents = new HashMap<>();
    for (Item i : items) {
      if (i.entry().type() == EntryType.FILE) {
        contents.put(i.entry().path(), i.content());
      }
    }
    return TreeDigest.of(items.stream().map(Item::entry).toList(), contents, withOwners);
  }

  private static Set<List<Object>> identities(List<Item> items, boolean withOwners) {
    return items.stream().map(i -> i.identity(withOwners)).collect(Collectors.toSet());
  }

  @Provide
  Arbitrary<List<Item>> selections() {
    // Tiny alphabets make paths and targets that could run together if fields were not framed.
    Arbitrary<String> path = Arbitraries.strings().withChars("ab/").ofMinLength(1).ofMaxLength(4);
    Arbitrary<String> target = Arbitraries.strings().withChars("ab/").ofMaxLength(3);
    Arbitrary<EntryType> type = Arbitraries.of(EntryType.class);
    Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 04755, 01777, 0);
    Arbitrary<Integer> owner = Arbitraries.integers().between(0, 2);
    Arbitrary<Digest> content = Arbitraries.of("", "a", "b").map(Digest::sha256);
    Arbitrary<Item> item =
        Combinators.combine(path, type, mode, owner, owner, target, content)
            .as(
                (p, t, m, uid, gid, tgt, c) ->
                    new Item(
                        new ContextEntry(
                            p,
                            t,
                            m,
                            uid,
                            gid,
                            3,
                            Instant.EPOCH,
                            t == EntryType.SYMLINK ? tgt : null),
                        c));
    return item.list().ofMaxSize(4).uniqueElements(i -> i.entry().path());
  }

  @Property(tries = 2000)
  void differentSelectionsNeverShareADigest(
      @ForAll("selections") List<Item> a,
      @ForAll("selections") List<Item> b,
      @ForAll boolean withOwners) {
    boolean same = identities(a, withOwners).equals(identities(b, withOwners));
    assertThat(digest(a, withOwners).equals(digest(b, withOwners))).isEqualTo(same);
  }

  @Property(tries = 500)
  void timesSizesAndOrderDoNotCount(
      @ForAll("selections") List<Item> a, @ForAll long seconds, @ForAll long size) {
    List<Item> changed = new ArrayList<>();
    for (Item i : a) {
      ContextEntry e = i.entry();
      ContextEntry moved =
          new ContextEntry(
              e.path(),
              e.type(),
              e.mode(),
              e.uid(),
              e.gid(),
              size,
              Instant.ofEpochSecond(Math.floorMod(seconds, 4_000_000_000L)),
              e.linkTarget());
      changed.add(new Item(moved, i.content()));
    }
    changed.sort(Comparator.comparing((Item i) -> i.entry().path()).reversed());
    assertThat(digest(changed, false)).isEqualTo(digest(a, false));
    assertThat(digest(changed, true)).isEqualTo(digest(a, true));
  }

  private static ContextEntry file(String path, int uid) {
    return new ContextEntry(path, EntryType.FILE, 0644, uid, uid, 1, Instant.EPOCH, null);
  }

  @Test
  void ownersCountOnlyWhenAskedFor() {
    Map<String, Digest> contents = Map.of("f", Digest.sha256("x"));
    Digest root = TreeDigest.of(List.of(file("f", 0)), contents, false);
    Digest user = TreeDigest.of(List.of(file("f", 1000)), contents, false);
    assertThat(user).isEqualTo(root);
    assertThat(TreeDigest.of(List.of(file("f", 1000)), contents, true))
        .isNotEqualTo(TreeDigest.of(List.of(file("f", 0)), contents, true));
  }

  @Test
  void fileContentChangesTheDigest() {
    List<ContextEntry> sel = List.of(file("f", 0));
    assertThat(TreeDigest.of(sel, Map.of("f", Digest.sha256("x")), false))
        .isNotEqualTo(TreeDigest.of(sel, Map.of("f", Digest.sha256("y")), false));
  }

  @Test
  void fileWithoutContentDigestOrRepeatedPathIsRejected() {
    assertThatThrownBy(() -> TreeDigest.of(List.of(file("f", 0)), Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no content digest for file f");
    Map<String, Digest> contents = Map.of("f", Digest.sha256("x"));
    assertThatThrownBy(() -> TreeDigest.of(List.of(file("f", 0), file("f", 1)), contents, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path selected twice: f");
  }

  @Test
  void emptySelectionHasAStableDigest() {
    assertThat(TreeDigest.of(List.of(), Map.of(), false))
        .isEqualTo(TreeDigest.of(List.of(), Map.of(), false))
        .isNotEqualTo(TreeDigest.of(List.of(), Map.of(), true));
  }
}
