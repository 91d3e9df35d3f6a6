package dev.strata.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a joined instruction line into its keyword, its leading {@code --} flags and the rest.
 *
 * <p>Flags are the leading words that start with {@code --}; collection stops at the first word
 * that does not, and a word that is exactly {@code --} ends the flags without being kept. Inside a
 * flag word quotes are removed (their content kept) and a backslash makes the next character
 * literal, whatever the escape directive says, as in BuildKit.
 */
final class InstructionLine {
  /** The parts of an instruction line; {@code rest} is trimmed. */
  record Split(String word, List<String> flags, String rest) {}

  private InstructionLine() {}

  static Split split(String line) {
    String trimmed = Spaces.trim(line);
    int blank = 0;
    while (blank < trimmed.length() && !Spaces.isBlank(trimmed.charAt(blank))) {
      blank++;
    }
    String word = trimmed.substring(0, blank);
    if (blank == trimmed.length()) {
      return new Split(word, List.of(), "");
    }
    int restStart = blank;
    while (restStart < trimmed.length() && Spaces.isBlank(trimmed.charAt(restStart))) {
      restStart++;
    }
    List<String> flags = new ArrayList<>();
    String rest = extractFlags(trimmed.substring(restStart), flags);
    return new Split(word, flags, Spaces.trim(rest));
  }

  private enum Phase {
    SPACES,
    WORD,
    QUOTE
  }

  /** Moves the leading flags of {@code text} into {@code flags} and returns what follows them. */
  private static String extractFlags(String text, List<String> flags) {
    Phase phase = Phase.SPACES;
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean blankOk = false;
    char ch = 0;
    for (int pos = 0; pos <= text.length(); pos++) {
      if (pos != text.length()) {
        ch = text.charAt(pos);
      }
      if (phase == Phase.SPACES) {
        if (pos == text.length()) {
          break;
        }
        if (Spaces.isSpace(ch)) {
          continue;
        }
        if (ch != '-' || pos + 1 == text.length() || text.charAt(pos + 1) != '-') {
          return text.substring(pos);
        }
        phase = Phase.WORD;
      }
      if (pos == text.length()) {
        if (!word.toString().equals("--") && (blankOk || word.length() > 0)) {
          flags.add(word.toString());
        }
        break;
      }
      if (phase == Phase.WORD) {
        if (Spaces.isSpace(ch)) {
          phase = Phase.SPACES;
          if (word.toString().equals("--")) {
            return text.substring(pos);
          }
          if (blankOk || word.length() > 0) {
            flags.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          phase = Phase.QUOTE;
          continue;
        }
        if (ch == '\\') {
          if (pos + 1 == text.length()) {
            continue;
          }
          pos++;
          ch = text.charAt(pos);
        }
        word.append(ch);
        continue;
      }
      // Phase.QUOTE
      if (ch == quote) {
        phase = Phase.WORD;
        continue;
      }
      if (ch == '\\') {
        if (pos + 1 == text.length()) {
          phase = Phase.WORD;
          continue;
        }
        pos++;
        ch = text.charAt(pos);
      }
      word.append(ch);
    }
    return "";
  }
}
