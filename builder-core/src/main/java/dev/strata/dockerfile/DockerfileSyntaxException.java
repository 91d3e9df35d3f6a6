package dev.strata.dockerfile;

import dev.strata.StrataException;

/**
 * A Dockerfile the user wrote cannot be parsed: the message is one line, {@code Dockerfile:12:
 * unknown instruction: FORM (did you mean FROM?)}, or {@code Dockerfile: file with no instructions}
 * when no single line is to blame.
 */
public class DockerfileSyntaxException extends StrataException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final int line;
  private final String detail;

  /**
   * @param fileName the Dockerfile's name as the user knows it
   * @param line the 1-based line the error is about, or 0 when it is about the whole file
   * @param detail what is wrong, without the location
   */
  public DockerfileSyntaxException(String fileName, int line, String detail) {
    super(format(fileName, line, detail));
    this.fileName = fileName;
    this.line = line;
    this.detail = detail;
  }

  private static String format(String fileName, int line, String detail) {
    return line > 0 ? fileName + ":" + line + ": " + detail : fileName + ": " + detail;
  }

  /** The Dockerfile's name as given to the parser. */
  public String fileName() {
    return fileName;
  }

  /** The 1-based line the error is about, or 0 when no single line is to blame. */
  public int line() {
    return line;
  }

  /** What is wrong, without the file and line. */
  public String detail() {
    return detail;
  }
}
