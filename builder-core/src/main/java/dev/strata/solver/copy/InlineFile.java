package dev.strata.solver.copy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A heredoc source of COPY or ADD ({@code COPY <<EOF /dest/}): a file named after the heredoc with
 * its (already expanded) content, written with mode 0644.
 */
public record InlineFile(String name, byte[] content) {
  public InlineFile {
    Objects.requireNonNull(name, "name");
    content = content.clone();
  }

  public static InlineFile of(String name, String content) {
    return new InlineFile(name, content.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InlineFile f
        && f.name.equals(name)
        && java.util.Arrays.equals(f.content, content);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "InlineFile[" + name + ", " + content.length + " bytes]";
  }
}
