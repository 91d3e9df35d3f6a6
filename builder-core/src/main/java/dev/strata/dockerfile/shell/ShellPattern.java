package dev.strata.dockerfile.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell wildcard pattern from {@code ${VAR#pattern}}, {@code ${VAR%pattern}} or {@code
 * ${VAR/pattern/replacement}}: {@code *} matches any run of characters, {@code ?} one character,
 * and a backslash makes {@code *}, {@code ?} or {@code \} literal. Everything else is literal,
 * including {@code [}: BuildKit does not implement bracket expressions, and a Dockerfile must mean
 * the same here as there. <code>\}</code> and <code>\/</code> stand for <code>}</code> and {@code
 * /}, which would otherwise have ended the substitution.
 *
 * <p>Matches are the ones BuildKit gets from Go's regexp: the leftmost match, with every {@code *}
 * as long (or as short) as possible in turn, and neither {@code *} nor {@code ?} matching a
 * newline. Instead of compiling to a backtracking regex, which can take exponential time on
 * patterns like {@code *a*a*a*b}, the matcher computes, for every start position, the end of the
 * match a backtracking engine would choose, one wildcard at a time from the right: time
 * proportional to pattern length times value length, memory to the value length, no recursion.
 */
final class ShellPattern {
  /** An atom matching any character but a newline ({@code ?}). */
  private static final int ANY = -2;

  private static final int NO_MATCH = -1;

  /** The literal/{@code ?} atoms between the stars: {@code runs.length - 1} stars in all. */
  private final int[][] runs;

  private final boolean longest;

  private ShellPattern(int[][] runs, boolean longest) {
    this.runs = runs;
    this.longest = longest;
  }

  /**
   * Compiles {@code pattern}; {@code longest} chooses whether each {@code *} prefers the longest
   * match (BuildKit uses longest for {@code ##}, {@code %%} and {@code /}).
   *
   * @throws InvalidPatternException for a backslash before anything but <code>* ? \ } /</code>
   */
  static ShellPattern compile(String pattern, boolean longest) {
    int[] cps = pattern.codePoints().toArray();
    List<int[]> runs = new ArrayList<>();
    List<Integer> run = new ArrayList<>();
    // BuildKit reads the pattern with Go's text/scanner, which drops a leading byte-order mark.
    int i = cps.length > 0 && cps[0] == 0xFEFF ? 1 : 0;
    while (i < cps.length) {
      int c = cps[i++];
      if (c == '*') {
        runs.add(toArray(run));
        run.clear();
      } else if (c == '?') {
        run.add(ANY);
      } else if (c == '\\') {
        int next = i < cps.length ? cps[i] : NO_MATCH;
        if (next == '}' || next == '/') {
          continue; // the backslash only kept the character from ending the substitution
        }
        if (next != '*' && next != '?' && next != '\\') {
          throw new InvalidPatternException(
              next == NO_MATCH
                  ? "a pattern cannot end with a backslash"
                  : "invalid escape '\\" + Character.toString(next) + "'");
        }
        run.add(next);
        i++;
      } else {
        run.add(c);
      }
    }
    runs.add(toArray(run));
    return new ShellPattern(runs.toArray(new int[0][]), longest);
  }

  private static int[] toArray(List<Integer> run) {
    return run.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Removes the match of {@code pattern} at the start of {@code value}, if any. */
  static String removePrefix(String value, String pattern, boolean longest) {
    int[] text = value.codePoints().toArray();
    int end = compile(pattern, longest).matchEnds(text)[0];
    return end == NO_MATCH ? value : new String(text, end, text.length - end);
  }

  /**
   * Removes the match of {@code pattern} at the end of {@code value}, if any. As in BuildKit, the
   * value and the pattern are reversed and the prefix removed instead: a leftmost search cannot
   * find the shortest rightmost match.
   */
  static String removeSuffix(String value, String pattern, boolean longest) {
    return reverse(removePrefix(reverse(value), reversePattern(pattern), longest));
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  /** Reverses a pattern, keeping each backslash in front of the character it escapes. */
  static String reversePattern(String pattern) {
    int[] in = pattern.codePoints().toArray();
    int[] out = new int[in.length];
    int last = in.length - 1;
    int i = 0;
    while (i <= last) {
      if (in[i] == '\\' && i != last) {
        out[last - i - 1] = '\\';
        out[last - i] = in[i + 1];
        i += 2;
      } else {
        out[last - i] = in[i];
        i++;
      }
    }
    return new String(out, 0, out.length);
  }

  /** Replaces the leftmost match in {@code value} with {@code replacement}, taken literally. */
  String replaceFirst(String value, String replacement) {
    int[] text = value.codePoints().toArray();
    int[] ends = matchEnds(text);
    int start = firstMatch(ends, 0);
    if (start == NO_MATCH) {
      return value;
    }
    return new String(text, 0, start)
        + replacement
        + new String(text, ends[start], text.length - ends[start]);
  }

  /**
   * Replaces every match in {@code value} the way Go's {@code Regexp.ReplaceAllString} does, which
   * is what BuildKit calls: matches do not overlap, an empty match right after a match is skipped,
   * and the replacement is a Go template, in which {@code $$} is a dollar sign, {@code $0} or
   * {@code ${0}} the matched text, any other {@code $name} or {@code ${name}} nothing, and a {@code
   * $} that starts no name itself.
   */
  String replaceAll(String value, String replacement) {
    int[] text = value.codePoints().toArray();
    int[] ends = matchEnds(text);
    StringBuilder out = new StringBuilder(value.length());
    int lastMatchEnd = 0;
    int searchFrom = 0;
    while (searchFrom <= text.length) {
      int start = firstMatch(ends, searchFrom);
      if (start == NO_MATCH) {
        break;
      }
      int end = ends[start];
      out.append(new String(text, lastMatchEnd, start - lastMatchEnd));
      if (end > lastMatchEnd || start == 0) {
        expandTemplate(out, replacement, new String(text, start, end - start));
      }
      lastMatchEnd = end;
      searchFrom = Math.max(searchFrom + 1, end); // always advance, by at least one character
    }
    out.append(new String(text, lastMatchEnd, text.length - lastMatchEnd));
    return out.toString();
  }

  private static int firstMatch(int[] ends, int from) {
    for (int s = from; s < ends.length; s++) {
      if (ends[s] != NO_MATCH) {
        return s;
      }
    }
    return NO_MATCH;
  }

  /**
   * For every position {@code q} in {@code text} (and its end), where the match a backtracking
   * engine prefers ends when started at {@code q}, or {@link #NO_MATCH}.
   *
   * <p>Works from the last run leftwards. {@code ends} holds, for the suffix of the pattern after
   * the current star, the preferred end from each position. A star starting at {@code p} may stop
   * at any {@code q} from {@code p} up to the next newline; a backtracking engine takes the largest
   * (longest) or smallest such {@code q} from which the rest matches, and then the rest's preferred
   * end. That depends only on {@code q}, so one right-to-left sweep per star finds it for every
   * {@code p}.
   */
  private int[] matchEnds(int[] text) {
    int n = text.length;
    int last = runs.length - 1;
    int[] ends = new int[n + 1];
    int[] viaStar = new int[n + 1];
    int[] tail = runs[last];
    for (int q = 0; q <= n; q++) {
      ends[q] = runMatches(tail, text, q) ? q + tail.length : NO_MATCH;
    }
    for (int j = last - 1; j >= 0; j--) {
      int stop = NO_MATCH;
      for (int p = n; p >= 0; p--) {
        boolean restMatches = ends[p] != NO_MATCH;
        if (p == n || text[p] == '\n') {
          stop = restMatches ? p : NO_MATCH; // the star cannot run past a newline
        } else if (restMatches && (!longest || stop == NO_MATCH)) {
          stop = p;
        }
        viaStar[p] = stop == NO_MATCH ? NO_MATCH : ends[stop];
      }
      int[] run = runs[j];
      for (int q = 0; q <= n; q++) {
        ends[q] = runMatches(run, text, q) ? viaStar[q + run.length] : NO_MATCH;
      }
    }
    return ends;
  }

  private static boolean runMatches(int[] run, int[] text, int at) {
    if (at + run.length > text.length) {
      return false;
    }
    for (int i = 0; i < run.length; i++) {
      int c = text[at + i];
      if (run[i] == ANY ? c == '\n' : c != run[i]) {
        return false;
      }
    }
    return true;
  }

  private static void expandTemplate(StringBuilder out, String template, String match) {
    int i = 0;
    int n = template.length();
    while (i < n) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < n && template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      boolean braced = i + 1 < n && template.charAt(i + 1) == '{';
      int start = braced ? i + 2 : i + 1;
      int end = start;
      while (end < n && isTemplateNameChar(template.codePointAt(end))) {
        end += Character.charCount(template.codePointAt(end));
      }
      boolean wellFormed = end > start && (!braced || (end < n && template.charAt(end) == '}'));
      if (!wellFormed) {
        out.append('$');
        i++;
        continue;
      }
      // The whole match is group 0, and the only group: patterns have no capturing groups.
      if (template.substring(start, end).equals("0")) {
        out.append(match);
      }
      i = braced ? end + 1 : end;
    }
  }

  private static boolean isTemplateNameChar(int c) {
    return Character.isLetter(c) || Character.isDigit(c) || c == '_';
  }

  /** A pattern with a backslash before a character that cannot be escaped. */
  static final class InvalidPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidPatternException(String message) {
      super(message);
    }
  }
}
