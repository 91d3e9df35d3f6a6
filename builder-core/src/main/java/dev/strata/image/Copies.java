package dev.strata.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Immutable, null-free copies for the compact constructors of the model records. */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    return in == null ? List.of() : List.copyOf(in);
  }

  static SortedMap<String, String> map(Map<String, String> in) {
    return in == null || in.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(in));
  }

  static SortedSet<String> set(Set<String> in) {
    return in == null || in.isEmpty()
        ? Collections.emptySortedSet()
        : Collections.unmodifiableSortedSet(new TreeSet<>(in));
  }

  /** Unknown fields as read, JSON nulls kept as {@link NullNode} so they survive a round trip. */
  static Map<String, JsonNode> extra(Map<String, JsonNode> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    in.forEach((k, v) -> copy.put(k, v == null ? NullNode.getInstance() : v));
    return Collections.unmodifiableMap(copy);
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
