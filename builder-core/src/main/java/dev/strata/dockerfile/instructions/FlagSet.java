package dev.strata.dockerfile.instructions;

import dev.strata.dockerfile.DidYouMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flags one instruction accepts and their parsing, after BuildKit's {@code bflag.go}: string
 * flags need {@code --name=value} (a value in the next word is not theirs, the parser never gives
 * it to them); bool flags are {@code --name}, {@code --name=true} or {@code --name=false}; a
 * repeatable flag collects every value in order. Unknown flags, repeated single flags and bad
 * booleans are errors.
 */
final class FlagSet {
  private enum Kind {
    STRING,
    BOOL,
    STRINGS
  }

  private final Map<String, Kind> declared = new LinkedHashMap<>();

  /** Declares string flags, given as {@code --name=value}. */
  FlagSet string(String... names) {
    return declare(Kind.STRING, names);
  }

  /** Declares bool flags. */
  FlagSet bool(String... names) {
    return declare(Kind.BOOL, names);
  }

  /** Declares repeatable string flags. */
  FlagSet strings(String... names) {
    return declare(Kind.STRINGS, names);
  }

  private FlagSet declare(Kind kind, String... names) {
    for (String name : names) {
      if (declared.put(name, kind) != null) {
        throw new IllegalArgumentException("flag declared twice: " + name);
      }
    }
    return this;
  }

  /** Parses the flag words of a node ({@code --name} or {@code --name=value}). */
  Values parse(List<String> words) {
    Values values = new Values();
    for (String word : words) {
      if (!word.startsWith("--")) {
        throw new BadInstruction("flag should start with --: " + word);
      }
      String body = word.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      Kind kind = declared.get(name);
      if (kind == null) {
        List<String> known = declared.keySet().stream().map(n -> "--" + n).toList();
        throw new BadInstruction(
            "unknown flag: --" + name + DidYouMean.suffix("--" + name, known, true));
      }
      if (!values.used.add(name) && kind != Kind.STRINGS) {
        throw new BadInstruction("duplicate flag specified: --" + name);
      }
      switch (kind) {
        case BOOL -> values.bools.put(name, parseBool(name, value));
        case STRING -> values.strings.put(name, required(name, value));
        case STRINGS ->
            values.lists.computeIfAbsent(name, n -> new ArrayList<>()).add(required(name, value));
      }
    }
    return values;
  }

  private static boolean parseBool(String name, String value) {
    if (value == null) {
      return true;
    }
    if (value.isEmpty()) {
      throw new BadInstruction("missing a value on flag: --" + name);
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new BadInstruction("expecting boolean value for flag --" + name + ", not: " + value);
    }
  }

  private static String required(String name, String value) {
    if (value == null) {
      throw new BadInstruction(
          "missing a value on flag: --" + name + " (write --" + name + "=...)");
    }
    return value;
  }

  /** The flags an instruction was given. */
  static final class Values {
    private final Set<String> used = new HashSet<>();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<String, Boolean> bools = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();

    Optional<String> string(String name) {
      return Optional.ofNullable(strings.get(name));
    }

    boolean bool(String name) {
      return bools.getOrDefault(name, false);
    }

    /** A bool flag's value when it was given at all. */
    Optional<Boolean> boolIfGiven(String name) {
      return Optional.ofNullable(bools.get(name));
    }

    List<String> strings(String name) {
      return List.copyOf(lists.getOrDefault(name, List.of()));
    }
  }
}
