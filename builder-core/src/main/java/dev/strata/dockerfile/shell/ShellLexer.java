package dev.strata.dockerfile.shell;

import java.util.List;
import java.util.Objects;

/**
 * Expands Dockerfile words the way BuildKit does for {@code ENV}, {@code ARG}, {@code COPY}, {@code
 * WORKDIR} and the other instructions that take variables.
 *
 * <ul>
 *   <li>{@code $VAR} and {@code ${VAR}}; an unset variable expands to nothing. Positional ({@code
 *       $1}, {@code ${10}}) and special ({@code $@ $* $# $? $- $$ $! $0}) parameters are always
 *       unset. A {@code $} that starts no name is literal.
 *   <li>{@code ${VAR:-word} ${VAR-word} ${VAR:+word} ${VAR+word} ${VAR:?message} ${VAR?message}}
 *       with POSIX meaning; {@code word} may itself contain quotes and expansions.
 *   <li>{@code ${VAR#p} ${VAR##p} ${VAR%p} ${VAR%%p} ${VAR/p/r} ${VAR//p/r}} with wildcard patterns
 *       ({@code *}, {@code ?}, backslash escapes; no bracket expressions, as in BuildKit).
 *   <li>Single quotes keep everything literal; double quotes keep everything but expansions
 *       literal, and there the escape character escapes only {@code "}, {@code $} and itself.
 *       Outside quotes the escape character makes the next character literal, and a trailing one is
 *       dropped.
 * </ul>
 *
 * <p>The escape character is {@code \} by default and {@code `} under {@code # escape=`}. Inside
 * patterns a backslash escapes whatever the escape character is, as in BuildKit.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class ShellLexer {
  private final char escape;

  /**
   * @param escape the Dockerfile's escape character: {@code '\\'} or {@code '`'}
   * @throws IllegalArgumentException for any other character (the parser validates the directive)
   */
  public ShellLexer(char escape) {
    if (escape != '\\' && escape != '`') {
      throw new IllegalArgumentException("escape character must be \\ or `, not " + escape);
    }
    this.escape = escape;
  }

  /** The escape character this lexer was built with. */
  public char escape() {
    return escape;
  }

  /**
   * Expands {@code word} and removes its quotes, keeping it one string (whitespace, quoted or not,
   * is kept as it is).
   *
   * @throws ShellExpansionException if the word is malformed or a required variable is unset
   */
  public String processWord(String word, Environment env) {
    return scan(word, env).run().text();
  }

  /**
   * Expands {@code word}, splits it into words on unquoted whitespace (including whitespace that an
   * unquoted expansion produces) and removes quotes. Empty words are dropped, so {@code ""} alone
   * yields no word.
   *
   * @throws ShellExpansionException if the word is malformed or a required variable is unset
   */
  public List<String> processWords(String word, Environment env) {
    return scan(word, env).run().words();
  }

  /**
   * Like {@link #processWord}, and also reports which variables the word referenced, set or unset.
   *
   * @throws ShellExpansionException if the word is malformed or a required variable is unset
   */
  public Expansion processWordWithMatches(String word, Environment env) {
    WordScan scan = scan(word, env);
    String result = scan.run().text();
    return new Expansion(result, scan.matched(), scan.unmatched());
  }

  /**
   * Expands the body of an unquoted here-document used as a COPY or ADD source: variables are
   * replaced as in {@link #processWord}, but quotes stay as written and only {@code \\$}, {@code
   * \\\\} and a backslash-newline are escapes, as {@code cat <<EOF} would treat them.
   *
   * @throws ShellExpansionException if an expansion is malformed or a required variable is unset
   */
  public Expansion processHeredoc(String body, Environment env) {
    WordScan scan = scan(body, env);
    String result = scan.heredoc();
    return new Expansion(result, scan.matched(), scan.unmatched());
  }

  private WordScan scan(String word, Environment env) {
    return new WordScan(
        Objects.requireNonNull(word, "word"), escape, Objects.requireNonNull(env, "env"));
  }

  @Override
  public String toString() {
    return "ShellLexer[escape=" + escape + "]";
  }
}
