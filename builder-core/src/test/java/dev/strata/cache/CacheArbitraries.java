package dev.strata.cache;

import dev.strata.Digest;
import dev.strata.context.EntryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for cache-key properties. Alphabets are tiny and full of the characters framing could
 * confuse ({@code =}, {@code ,}, backslash, digits, a NUL), so that different inputs often share
 * prefixes and run together if fields were not framed; a few multi-byte characters (a valid
 * surrogate pair among them) check that lengths count bytes.
 */
final class CacheArbitraries {
  private CacheArbitraries() {}

  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab=,\\1\0").ofMaxLength(4),
        Arbitraries.of("", "é", "\uD83D\uDE00", "a\nb", "ab", "a", "b"));
  }

  static Arbitrary<Digest> digest() {
    return Arbitraries.of("", "a", "b", "c").map(Digest::sha256);
  }

  static Arbitrary<Optional<CacheKey>> parent() {
    return Arbitraries.oneOf(
        Arbitraries.just(Optional.<CacheKey>empty()),
        digest().map(d -> Optional.of(new CacheKey(d))));
  }

  static Arbitrary<FileEntry> fileEntry(boolean withOwners) {
    Arbitrary<String> path = Arbitraries.strings().withChars("ab/").ofMinLength(1).ofMaxLength(3);
    Arbitrary<EntryType> type = Arbitraries.of(EntryType.class);
    Arbitrary<Integer> mode = Arbitraries.of(0644, 0755, 0600, 04755);
    Arbitrary<Integer> id = Arbitraries.integers().between(0, 2);
    return Combinators.combine(path, type, mode, id, id, digest(), text())
        .as(
            (p, t, m, uid, gid, content, link) -> {
              FileEntry e =
                  switch (t) {
                    case FILE -> FileEntry.file(p, m, content);
                    case SYMLINK -> FileEntry.symlink(p, m, link);
                    case DIR -> FileEntry.directory(p, m);
                    case OTHER ->
                        new FileEntry(
                            p, t, m, Optional.empty(), Optional.empty(), Optional.empty());
                  };
              return withOwners ? e.withOwner(uid, gid) : e;
            });
  }

  static Arbitrary<FileSet> fileSet() {
    return Arbitraries.of(false, true)
        .flatMap(
            owners ->
                fileEntry(owners)
                    .list()
                    .ofMaxSize(3)
                    .uniqueElements(FileEntry::path)
                    .map(l -> FileSet.of(l, owners)));
  }

  static Arbitrary<StepInput> input() {
    Arbitrary<InputKind> kind = Arbitraries.of(InputKind.class);
    return kind.flatMap(
        k ->
            switch (k.form()) {
              case TEXT ->
                  Combinators.combine(text(), text()).as((n, v) -> new StepInput.Text(k, n, v));
              case HIDDEN ->
                  Combinators.combine(text(), text()).as((n, v) -> StepInput.Hidden.of(k, n, v));
              case CONTENT ->
                  Combinators.combine(text(), digest())
                      .as((n, d) -> new StepInput.Content(k, n, d));
              case FILES ->
                  Combinators.combine(text(), fileSet()).as((n, f) -> new StepInput.Files(n, f));
            });
  }

  static Arbitrary<StepInputs> stepInputs() {
    Arbitrary<StepKind> kind = Arbitraries.of(StepKind.RUN, StepKind.COPY, StepKind.ENV);
    Arbitrary<List<StepInput>> inputs =
        input().list().ofMaxSize(4).uniqueElements(i -> i.kind() + "\0" + i.name());
    return Combinators.combine(kind, inputs).as(StepInputs::new);
  }

  /** Steps whose parents and inputs come from the same small pools, so pairs often coincide. */
  static Arbitrary<Keyed> keyed() {
    return Combinators.combine(parent(), stepInputs()).as(Keyed::new);
  }

  record Keyed(Optional<CacheKey> parent, StepInputs inputs) {
    byte[] encode() {
      return CacheKeyEncoder.encode(parent, inputs);
    }

    CacheKey key() {
      return CacheKeyEncoder.key(parent, inputs);
    }

    /** What the encoding must determine: everything, with hidden and file values as digests. */
    List<Object> identity() {
      List<Object> id = new ArrayList<>();
      id.add(parent.map(CacheKey::toString));
      id.add(inputs.kind().name());
      for (StepInput i : inputs.inputs()) {
        id.add(List.of(i.kind().name(), i.name(), KeyDecoding.expectedValue(i)));
      }
      return id;
    }
  }
}
