package dev.strata.context;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A regular expression in the syntax of Go's {@code regexp} package (RE2, Perl flags), evaluated
 * by an automaton instead of backtracking, so that matching is linear in the path length.
 *
 * <p>patternmatcher turns a {@code .dockerignore} pattern into RE2 text and lets Go's engine read
 * it; bracket expressions and escapes of the pattern pass through unchanged, so a pattern such as
 * {@code [*]} or {@code a\d} means whatever RE2 makes of the translated text. This class reads that
 * text the way RE2 does: {@code .} is any character but newline; {@code ^} and {@code $} anchor at
 * the text's ends only; a {@code ]} first in a bracket is literal, a {@code [} inside one is
 * literal unless it opens a POSIX class, reversed ranges are errors; escapes cover punctuation,
 * {@code \a\f\t\n\r\v}, octal, {@code \x}, {@code \d\s\w} (ASCII), {@code \A\z\b\B}, {@code \Q..\E}
 * and {@code \p}/{@code \P} with Unicode general categories and scripts. Anything RE2 rejects is a
 * {@link SyntaxException}. Counted repetition and groups with flags are not supported; the
 * translation never produces them (it escapes every {@code {} and {@code (} of the pattern).
 */
final class PathRegex {
  /** The expression is not valid RE2. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  private static final int CHAR = 0;
  private static final int SPLIT = 1;
  private static final int EMPTY = 2;
  private static final int MATCH = 3;

  private static final int NOP = 0;
  private static final int BEGIN_TEXT = 1;
  private static final int END_TEXT = 2;
  private static final int WORD_BOUNDARY = 3;
  private static final int NOT_WORD_BOUNDARY = 4;

  private static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';
  private static final IntPredicate SPACE =
      c -> c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  private static final IntPredicate WORD =
      c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';

  private final int[] kind;
  private final int[] next;
  private final int[] alt;
  private final int[] assertion;
  private final IntPredicate[] chars;
  private final int start;

  private PathRegex(Parser p, int start) {
    int n = p.kind.size();
    this.kind = new int[n];
    this.next = new int[n];
    this.alt = new int[n];
    this.assertion = new int[n];
    this.chars = new IntPredicate[n];
    for (int i = 0; i < n; i++) {
      kind[i] = p.kind.get(i);
      next[i] = p.next.get(i);
      alt[i] = p.alt.get(i);
      assertion[i] = p.assertion.get(i);
      chars[i] = p.chars.get(i);
    }
    this.start = start;
  }

  static PathRegex compile(String expression) throws SyntaxException {
    Parser parser = new Parser(expression.codePoints().toArray());
    return parser.parse();
  }

  /** Whether the expression matches anywhere in {@code text}, as Go's {@code MatchString}. */
  boolean find(String text) {
    int[] cps = text.codePoints().toArray();
    int n = cps.length;
    // A (node, position) pair that was explored once cannot lead to a match later either.
    BitSet seen = new BitSet(kind.length * (n + 1));
    int[] stack = new int[16];
    for (int from = 0; from <= n; from++) {
      int top = 0;
      stack[top++] = start;
      stack[top++] = from;
      while (top > 0) {
        int pos = stack[--top];
        int node = stack[--top];
        int key = node * (n + 1) + pos;
        if (seen.get(key)) {
          continue;
        }
        seen.set(key);
        if (top + 4 > stack.length) {
          stack = java.util.Arrays.copyOf(stack, stack.length * 2);
        }
        switch (kind[node]) {
          case MATCH:
            return true;
          case CHAR:
            if (pos < n && chars[node].test(cps[pos])) {
              stack[top++] = next[node];
              stack[top++] = pos + 1;
            }
            break;
          case SPLIT:
            stack[top++] = alt[node];
            stack[top++] = pos;
            stack[top++] = next[node];
            stack[top++] = pos;
            break;
          default:
            if (holds(assertion[node], cps, pos)) {
              stack[top++] = next[node];
              stack[top++] = pos;
            }
        }
      }
    }
    return false;
  }

  private static boolean holds(int assertion, int[] cps, int pos) {
    switch (assertion) {
      case BEGIN_TEXT:
        return pos == 0;
      case END_TEXT:
        return pos == cps.length;
      case WORD_BOUNDARY:
      case NOT_WORD_BOUNDARY:
        boolean before = pos > 0 && WORD.test(cps[pos - 1]);
        boolean after = pos < cps.length && WORD.test(cps[pos]);
        return (before != after) == (assertion == WORD_BOUNDARY);
      default:
        return true;
    }
  }

  /** A partly built automaton: its entry node and the dangling edges still to be connected. */
  private record Fragment(int start, List<Integer> holes) {}

  /** Recursive-descent parser that builds the automaton (Thompson's construction) as it reads. */
  private static final class Parser {
    private final int[] p;
    private int pos;
    final List<Integer> kind = new ArrayList<>();
    final List<Integer> next = new ArrayList<>();
    final List<Integer> alt = new ArrayList<>();
    final List<Integer> assertion = new ArrayList<>();
    final List<IntPredicate> chars = new ArrayList<>();

    Parser(int[] p) {
      this.p = p;
    }

    PathRegex parse() throws SyntaxException {
      Fragment f = alternation();
      if (pos < p.length) {
        throw new SyntaxException("unexpected )");
      }
      int match = node(MATCH, NOP, null);
      patch(f.holes(), match);
      return new PathRegex(this, f.start());
    }

    private int node(int k, int a, IntPredicate c) {
      kind.add(k);
      next.add(-1);
      alt.add(-1);
      assertion.add(a);
      chars.add(c);
      return kind.size() - 1;
    }

    private void patch(List<Integer> holes, int target) {
      for (int hole : holes) {
        (hole % 2 == 0 ? next : alt).set(hole / 2, target);
      }
    }

    private Fragment single(int k, int a, IntPredicate c) {
      int n = node(k, a, c);
      return new Fragment(n, List.of(n * 2));
    }

    private Fragment alternation() throws SyntaxException {
      Fragment f = concatenation();
      while (pos < p.length && p[pos] == '|') {
        pos++;
        Fragment g = concatenation();
        int split = node(SPLIT, NOP, null);
        next.set(split, f.start());
        alt.set(split, g.start());
        List<Integer> holes = new ArrayList<>(f.holes());
        holes.addAll(g.holes());
        f = new Fragment(split, holes);
      }
      return f;
    }

    private Fragment concatenation() throws SyntaxException {
      Fragment f = null;
      while (pos < p.length && p[pos] != '|' && p[pos] != ')') {
        Fragment a = repetition(atom());
        if (f == null) {
          f = a;
        } else {
          patch(f.holes(), a.start());
          f = new Fragment(f.start(), a.holes());
        }
      }
      return f != null ? f : single(EMPTY, NOP, null);
    }

    private Fragment repetition(Fragment a) throws SyntaxException {
      boolean repeated = false;
      while (pos < p.length && (p[pos] == '*' || p[pos] == '+' || p[pos] == '?')) {
        if (repeated) {
          throw new SyntaxException("invalid nested repetition operator");
        }
        int op = p[pos++];
        if (pos < p.length && p[pos] == '?') {
          pos++; // non-greedy: the same language
        }
        int split = node(SPLIT, NOP, null);
        next.set(split, a.start());
        List<Integer> holes = new ArrayList<>();
        switch (op) {
          case '*' -> {
            patch(a.holes(), split);
            holes.add(split * 2 + 1);
            a = new Fragment(split, holes);
          }
          case '+' -> {
            patch(a.holes(), split);
            holes.add(split * 2 + 1);
            a = new Fragment(a.start(), holes);
          }
          default -> {
            holes.addAll(a.holes());
            holes.add(split * 2 + 1);
            a = new Fragment(split, holes);
          }
        }
        repeated = true;
      }
      return a;
    }

    private Fragment atom() throws SyntaxException {
      int c = p[pos];
      switch (c) {
        case '(':
          pos++;
          if (pos < p.length && p[pos] == '?') {
            throw new SyntaxException("unsupported group flags");
          }
          Fragment inner = alternation();
          if (pos >= p.length || p[pos] != ')') {
            throw new SyntaxException("missing closing )");
          }
          pos++;
          return inner;
        case '[':
          return single(CHAR, NOP, bracket());
        case '.':
          pos++;
          return single(CHAR, NOP, ch -> ch != '\n');
        case '^':
          pos++;
          return single(EMPTY, BEGIN_TEXT, null);
        case '$':
          pos++;
          return single(EMPTY, END_TEXT, null);
        case '*':
        case '+':
        case '?':
          throw new SyntaxException("missing argument to repetition operator");
        case '\\':
          return escape();
        default:
          pos++;
          return literal(c);
      }
    }

    private Fragment literal(int c) {
      return single(CHAR, NOP, ch -> ch == c);
    }

    private Fragment escape() throws SyntaxException {
      pos++;
      if (pos >= p.length) {
        throw new SyntaxException("trailing backslash at end of expression");
      }
      int c = p[pos];
      switch (c) {
        case 'A':
          pos++;
          return single(EMPTY, BEGIN_TEXT, null);
        case 'z':
          pos++;
          return single(EMPTY, END_TEXT, null);
        case 'b':
          pos++;
          return single(EMPTY, WORD_BOUNDARY, null);
        case 'B':
          pos++;
          return single(EMPTY, NOT_WORD_BOUNDARY, null);
        case 'Q':
          pos++;
          return quoted();
        case 'd', 'D', 's', 'S', 'w', 'W':
          pos--; // back to the backslash, where class parsing starts
          return single(CHAR, NOP, perlClass());
        case 'p', 'P':
          pos--;
          return single(CHAR, NOP, unicodeClass());
        default:
          return literal(escapedChar());
      }
    }

    /** {@code \Q...\E}: everything up to {@code \E} (or the end) is literal. */
    private Fragment quoted() {
      Fragment f = null;
      while (pos < p.length && !(p[pos] == '\\' && pos + 1 < p.length && p[pos + 1] == 'E')) {
        Fragment a = literal(p[pos++]);
        if (f == null) {
          f = a;
        } else {
          patch(f.holes(), a.start());
          f = new Fragment(f.start(), a.holes());
        }
      }
      if (pos < p.length) {
        pos += 2;
      }
      return f != null ? f : single(EMPTY, NOP, null);
    }

    /** One escaped character after a backslash ({@code pos} is just past the backslash). */
    private int escapedChar() throws SyntaxException {
      if (pos >= p.length) {
        throw new SyntaxException("trailing backslash at end of expression");
      }
      int c = p[pos++];
      if (c < 0x80 && !isAsciiAlnum(c)) {
        return c;
      }
      switch (c) {
        case '1', '2', '3', '4', '5', '6', '7':
          if (pos >= p.length || !isOctal(p[pos])) {
            throw new SyntaxException("invalid escape sequence: \\" + Character.toString(c));
          }
          return octal(c);
        case '0':
          return octal(c);
        case 'x':
          return hex();
        case 'a':
          return 7;
        case 'f':
          return '\f';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'v':
          return 0x0B;
        default:
          throw new SyntaxException("invalid escape sequence: \\" + Character.toString(c));
      }
    }

    private int octal(int first) {
      int value = first - '0';
      for (int i = 1; i < 3 && pos < p.length && isOctal(p[pos]); i++) {
        value = value * 8 + (p[pos++] - '0');
      }
      return value;
    }

    private int hex() throws SyntaxException {
      if (pos >= p.length) {
        throw new SyntaxException("invalid escape sequence: \\x");
      }
      if (p[pos] == '{') {
        pos++;
        int value = 0;
        int digits = 0;
        while (pos < p.length && p[pos] != '}') {
          int d = Character.digit(p[pos++], 16);
          if (d < 0 || p[pos - 1] > 0x7F) {
            throw new SyntaxException("invalid escape sequence: \\x{");
          }
          value = value * 16 + d;
          digits++;
          if (value > Character.MAX_CODE_POINT) {
            throw new SyntaxException("invalid escape sequence: \\x{");
          }
        }
        if (pos >= p.length || digits == 0) {
          throw new SyntaxException("invalid escape sequence: \\x{");
        }
        pos++;
        return value;
      }
      if (pos + 1 >= p.length || !isHex(p[pos]) || !isHex(p[pos + 1])) {
        throw new SyntaxException("invalid escape sequence: \\x");
      }
      int value = Character.digit(p[pos], 16) * 16 + Character.digit(p[pos + 1], 16);
      pos += 2;
      return value;
    }

    /** {@code \d \D \s \S \w \W} at {@code pos} (the backslash). */
    private IntPredicate perlClass() {
      int c = p[pos + 1];
      pos += 2;
      IntPredicate base =
          switch (Character.toLowerCase(c)) {
            case 'd' -> DIGIT;
            case 's' -> SPACE;
            default -> WORD;
          };
      return Character.isUpperCase(c) ? base.negate() : base;
    }

    /** {@code \pL}, {@code \p{Greek}}, {@code \P{^Lu}} at {@code pos} (the backslash). */
    private IntPredicate unicodeClass() throws SyntaxException {
      boolean negated = p[pos + 1] == 'P';
      pos += 2;
      if (pos >= p.length) {
        throw new SyntaxException("invalid character class range: \\p");
      }
      String name;
      if (p[pos] == '{') {
        int close = pos;
        while (close < p.length && p[close] != '}') {
          close++;
        }
        if (close >= p.length) {
          throw new SyntaxException("invalid character class range: \\p{");
        }
        name = new String(p, pos + 1, close - pos - 1);
        pos = close + 1;
      } else {
        name = Character.toString(p[pos++]);
      }
      if (name.startsWith("^")) {
        negated = !negated;
        name = name.substring(1);
      }
      IntPredicate cls = UnicodeTables.lookup(name);
      if (cls == null) {
        throw new SyntaxException("invalid character class range: \\p{" + name + "}");
      }
      return negated ? cls.negate() : cls;
    }

    /** A bracket expression at {@code pos} (the {@code [}). */
    private IntPredicate bracket() throws SyntaxException {
      pos++;
      boolean negated = false;
      if (pos < p.length && p[pos] == '^') {
        negated = true;
        pos++;
      }
      List<IntPredicate> members = new ArrayList<>();
      boolean first = true;
      while (pos >= p.length || p[pos] != ']' || first) {
        if (pos >= p.length) {
          throw new SyntaxException("missing closing ]");
        }
        first = false;
        if (p[pos] == '[' && pos + 1 < p.length && p[pos + 1] == ':') {
          IntPredicate named = posixClass();
          if (named != null) {
            members.add(named);
            continue;
          }
        }
        if (p[pos] == '\\' && pos + 1 < p.length) {
          int e = p[pos + 1];
          if ("dDsSwW".indexOf(e) >= 0) {
            members.add(perlClass());
            continue;
          }
          if (e == 'p' || e == 'P') {
            members.add(unicodeClass());
            continue;
          }
        }
        int lo = bracketChar();
        int hi = lo;
        if (pos + 1 < p.length && p[pos] == '-' && p[pos + 1] != ']') {
          pos++;
          hi = bracketChar();
          if (hi < lo) {
            throw new SyntaxException(
                "invalid character class range: "
                    + Character.toString(lo)
                    + "-"
                    + Character.toString(hi));
          }
        }
        int from = lo;
        int to = hi;
        members.add(c -> c >= from && c <= to);
      }
      pos++;
      IntPredicate[] all = members.toArray(IntPredicate[]::new);
      boolean neg = negated;
      return c -> {
        for (IntPredicate m : all) {
          if (m.test(c)) {
            return !neg;
          }
        }
        return neg;
      };
    }

    private int bracketChar() throws SyntaxException {
      if (pos >= p.length) {
        throw new SyntaxException("missing closing ]");
      }
      if (p[pos] == '\\') {
        pos++;
        return escapedChar();
      }
      return p[pos++];
    }

    /** {@code [:alpha:]} and {@code [:^alpha:]}; null when no {@code :]} follows (then literal). */
    private IntPredicate posixClass() throws SyntaxException {
      int end = -1;
      for (int i = pos + 2; i + 1 < p.length; i++) {
        if (p[i] == ':' && p[i + 1] == ']') {
          end = i;
          break;
        }
      }
      if (end < 0) {
        return null;
      }
      String name = new String(p, pos + 2, end - pos - 2);
      boolean negated = name.startsWith("^");
      IntPredicate cls = UnicodeTables.posix(negated ? name.substring(1) : name);
      if (cls == null) {
        throw new SyntaxException("invalid character class range: [:" + name + ":]");
      }
      pos = end + 2;
      return negated ? cls.negate() : cls;
    }

    private static boolean isOctal(int c) {
      return c >= '0' && c <= '7';
    }

    private static boolean isHex(int c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiAlnum(int c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
  }
}
