package dev.strata.cache;

import dev.strata.StrataException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which stages may use the cache: {@code --no-cache} turns lookups off everywhere, {@code
 * --no-cache-filter STAGE} for the named stages only. The policy governs lookups alone: results are
 * recorded either way, as BuildKit does, so the next build can reuse what a no-cache build made.
 *
 * @param noCache whether no stage may use the cache
 * @param noCacheStages stages (names in lower case, or indexes) that may not use it
 */
public record CachePolicy(boolean noCache, Set<String> noCacheStages) {
  public CachePolicy {
    TreeSet<String> s = new TreeSet<>();
    for (String stage : noCacheStages) {
      if (stage.isBlank()) {
        throw new StrataException("--no-cache-filter: empty stage name");
      }
      s.add(stage.toLowerCase(Locale.ROOT));
    }
    noCacheStages = java.util.Collections.unmodifiableSortedSet(s);
  }

  /** Use the cache everywhere (the default). */
  public static CachePolicy useCache() {
    return new CachePolicy(false, Set.of());
  }

  /** {@code --no-cache}. */
  public static CachePolicy noCacheAtAll() {
    return new CachePolicy(true, Set.of());
  }

  /** {@code --no-cache-filter} for each of {@code stages}. */
  public static CachePolicy noCacheFor(Collection<String> stages) {
    return new CachePolicy(false, Set.copyOf(stages));
  }

  /** Whether steps of the stage with {@code name} (if any) and {@code index} may be looked up. */
  public boolean lookupAllowed(Optional<String> name, int index) {
    return bypassReason(name, index).isEmpty();
  }

  /** Why the stage's steps are not looked up, if they are not: the miss reason for all of them. */
  public Optional<MissReason> bypassReason(Optional<String> name, int index) {
    if (noCache) {
      return Optional.of(new MissReason(MissReason.Kind.CACHE_DISABLED, "", "--no-cache"));
    }
    String hit = null;
    if (name.isPresent() && noCacheStages.contains(name.get().toLowerCase(Locale.ROOT))) {
      hit = name.get().toLowerCase(Locale.ROOT);
    } else if (noCacheStages.contains(Integer.toString(index))) {
      hit = Integer.toString(index);
    }
    return hit == null
        ? Optional.empty()
        : Optional.of(
            new MissReason(MissReason.Kind.CACHE_DISABLED, "", "--no-cache-filter " + hit));
  }

  /**
   * Checks that every filtered stage exists, so a typo is an error rather than a silent no-op.
   *
   * @param names the names of the Dockerfile's stages (those that have one)
   * @param count how many stages it has
   */
  public void requireKnownStages(Collection<String> names, int count) {
    Set<String> known = new TreeSet<>();
    names.forEach(n -> known.add(n.toLowerCase(Locale.ROOT)));
    for (String s : noCacheStages) {
      boolean index = s.matches("[0-9]{1,9}") && Integer.parseInt(s) < count;
      if (!index && !known.contains(s)) {
        throw new StrataException(
            "--no-cache-filter: no stage named "
                + s
                + " (stages: "
                + String.join(", ", known)
                + ")");
      }
    }
  }
}
