package dev.strata.solver.copy;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --chmod} value, octal or symbolic, as BuildKit reads it.
 *
 * <p>Octal ({@code 755}, {@code 04755}, at most {@code 07777}) replaces all twelve mode bits of
 * every copied file and directory. Symbolic ({@code +x}, {@code u=rwX,go=rX}, {@code g=u-w}) has
 * the meaning of chmod(1) and BSD's setmode(3), which BuildKit ports: clauses are applied in order
 * to each entry's own mode; {@code X} adds execute only to directories and to entries that had an
 * execute bit, and only with {@code +} ({@code u=rwX} is {@code u=rw} in the Go port BuildKit uses,
 * whatever the Dockerfile reference says); a clause without who ({@code u}, {@code g}, {@code o},
 * {@code a}) leaves the bits of the umask alone, and the umask is taken as 022, a build daemon's
 * usual one, so that the result does not depend on strata's own umask. Symbolic links are never
 * changed.
 */
final class ChmodSpec {
  private static final int USER = 04000 | 0700;
  private static final int GROUP = 02000 | 070;
  private static final int OTHER = 07;
  private static final int STANDARD = 06777;
  private static final int STICKY = 01000;
  private static final int UMASK = 022;

  private final String text;
  private final int octal; // -1 when symbolic
  private final List<Command> commands;

  private ChmodSpec(String text, int octal, List<Command> commands) {
    this.text = text;
    this.octal = octal;
    this.commands = commands;
  }

  /**
   * Parses a {@code --chmod} value.
   *
   * @throws CopyException for a value that is neither, with BuildKit's wording for bad numbers
   */
  static ChmodSpec parse(String text) {
    return parse(text, UMASK);
  }

  /** {@link #parse(String)} with another umask, for the conformance table. */
  static ChmodSpec parse(String text, int umask) {
    String nonOctal =
        "invalid chmod parameter: '"
            + text
            + "'. it should be octal string and between 0 and 07777";
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (!text.chars().allMatch(c -> c <= '7') || text.length() > 11) {
        throw new CopyException(nonOctal);
      }
      long value = Long.parseLong(text, 8);
      if (value > 07777) {
        throw new CopyException(nonOctal);
      }
      return new ChmodSpec(text, (int) value, List.of());
    }
    if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
      throw new CopyException(nonOctal);
    }
    List<Command> commands = new SymbolicParser(text, umask).parse();
    if (commands == null) {
      throw new CopyException(
          "invalid chmod parameter: '"
              + text
              + "'. it should be an octal mode or a symbolic mode such as u+x or go=rX");
    }
    return new ChmodSpec(text, -1, List.copyOf(commands));
  }

  boolean isOctal() {
    return octal >= 0;
  }

  /** The mode (twelve bits) an entry with {@code mode} gets. */
  int apply(int mode, boolean directory) {
    if (octal >= 0) {
      return octal;
    }
    int original = mode & 07777;
    int result = original;
    for (Command c : commands) {
      result = c.apply(result, original, directory);
    }
    return result & 07777;
  }

  @Override
  public String toString() {
    return text;
  }

  /** One step of a symbolic mode, applied in order. */
  private record Command(char op, int bits, boolean copySet, boolean copyClear, int classes) {
    int apply(int mode, int original, boolean directory) {
      switch (op) {
        case '+':
          return mode | bits;
        case '-':
          return mode & ~bits;
        case 'X':
          return (original & 0111) != 0 || directory ? mode | bits : mode;
        default:
          int shift = op == 'u' ? 6 : op == 'g' ? 3 : 0;
          int value = (mode >> shift) & 07;
          int clear = copySet ? 07 : value;
          int[] shifts = {6, 3, 0};
          for (int i = 0; i < 3; i++) {
            if ((classes & (1 << i)) == 0) {
              continue;
            }
            if (copyClear) {
              mode &= ~((clear << shifts[i]) & bits);
            }
            if (copySet) {
              mode |= (value << shifts[i]) & bits;
            }
          }
          return mode;
      }
    }
  }

  /**
   * chmod(1) symbolic syntax: {@code [ugoa]*([-+=]([rwxXst]*|[ugo]))+} clauses joined by commas.
   */
  private static final class SymbolicParser {
    private final String s;
    private final List<Command> out = new ArrayList<>();
    private final int mask;
    private int i;

    SymbolicParser(String s, int umask) {
      this.s = s;
      this.mask = ~umask;
    }

    /** The commands, or null on a syntax error. */
    List<Command> parse() {
      if (s.isEmpty()) {
        return null;
      }
      while (true) {
        int who = 0;
        while (i < s.length() && "augo".indexOf(s.charAt(i)) >= 0) {
          switch (s.charAt(i++)) {
            case 'a' -> who |= STANDARD;
            case 'u' -> who |= USER;
            case 'g' -> who |= GROUP;
            default -> who |= OTHER;
          }
        }
        boolean equalDone = false;
        do {
          if (i >= s.length() || "+-=".indexOf(s.charAt(i)) < 0) {
            return null;
          }
          char op = s.charAt(i++);
          if (op == '=') {
            equalDone = false;
          }
          who &= ~STICKY;
          int perm = 0;
          int permX = 0;
          permLoop:
          while (true) {
            char c = i < s.length() ? s.charAt(i) : '\0';
            switch (c) {
              case 'r' -> perm |= 0444;
              case 'w' -> perm |= 0222;
              case 'x' -> perm |= 0111;
              case 'X' -> {
                // As in the Go port BuildKit uses, X counts with + only (u=rwX is u=rw).
                if (op == '+') {
                  permX = 0111;
                }
              }
              case 's' -> {
                if (who == 0 || (who & ~OTHER) != 0) {
                  perm |= 06000;
                }
              }
              case 't' -> {
                if (who == 0 || (who & ~OTHER) != 0) {
                  who |= STICKY;
                  perm |= STICKY;
                }
              }
              case 'u', 'g', 'o' -> {
                if (perm != 0) {
                  add(op, who, perm);
                  perm = 0;
                }
                if (op == '=') {
                  equalDone = true;
                }
                if (permX != 0) {
                  add('X', who, permX);
                  permX = 0;
                }
                addCopy(c, who, op);
              }
              default -> {
                if (perm != 0 || (op == '=' && !equalDone)) {
                  if (op == '=') {
                    equalDone = true;
                  }
                  add(op, who, perm);
                }
                if (permX != 0) {
                  add('X', who, permX);
                }
                break permLoop;
              }
            }
            i++;
          }
        } while (i < s.length() && s.charAt(i) != ',');
        if (i >= s.length()) {
          return out;
        }
        i++; // the comma; another clause must follow
        if (i >= s.length()) {
          return null;
        }
      }
    }

    private void add(char op, int who, int perm) {
      if (op == '=') {
        out.add(new Command('-', who != 0 ? who : STANDARD, false, false, 0));
        op = '+';
      }
      out.add(new Command(op, (who != 0 ? who : mask) & perm, false, false, 0));
    }

    private void addCopy(char from, int who, char op) {
      int classes;
      int bits;
      if (who != 0) {
        classes =
            ((who & 0400) != 0 ? 1 : 0) | ((who & 040) != 0 ? 2 : 0) | ((who & 04) != 0 ? 4 : 0);
        bits = ~0;
      } else {
        classes = 7;
        bits = mask;
      }
      out.add(new Command(from, bits, op == '+' || op == '=', op == '-' || op == '=', classes));
    }
  }
}
