package dev.strata.plan;

import dev.strata.dockerfile.shell.Environment;
import dev.strata.dockerfile.shell.Expansion;
import dev.strata.dockerfile.shell.ShellExpansionException;
import dev.strata.dockerfile.shell.ShellLexer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Expands the words of one instruction against the variables in scope, turning lexer errors into
 * {@code file:line} plan errors and noting variables that were used but never set.
 */
final class WordExpander {
  private final ShellLexer lexer;
  private final Environment env;
  private final Set<String> known;
  private final String fileName;
  private final int line;
  private final Consumer<String> undefined;

  /**
   * @param variables the values the words may use
   * @param known every name that is declared, set or not; a use of a name outside it is reported
   * @param undefined is told each name used but not declared
   */
  WordExpander(
      ShellLexer lexer,
      Map<String, String> variables,
      Set<String> known,
      String fileName,
      int line,
      Consumer<String> undefined) {
    this.lexer = lexer;
    this.env = Environment.of(variables);
    this.known = known;
    this.fileName = fileName;
    this.line = line;
    this.undefined = undefined;
  }

  String word(String word) {
    return note(guard(() -> lexer.processWordWithMatches(word, env)));
  }

  List<String> words(String word) {
    word(word); // for the undefined-variable notes; cheap next to the build
    return guard(() -> lexer.processWords(word, env));
  }

  String heredoc(String body) {
    return note(guard(() -> lexer.processHeredoc(body, env)));
  }

  PlanException error(String detail) {
    return new PlanException(fileName, line, detail);
  }

  private String note(Expansion expansion) {
    for (String name : expansion.unmatched()) {
      if (!known.contains(name)) {
        undefined.accept(name);
      }
    }
    return expansion.result();
  }

  private <T> T guard(Supplier<T> expansion) {
    try {
      return expansion.get();
    } catch (ShellExpansionException e) {
      throw error(e.getMessage());
    }
  }
}
