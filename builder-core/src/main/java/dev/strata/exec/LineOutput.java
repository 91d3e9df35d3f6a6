package dev.strata.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An output sink that hands each complete line (UTF-8, without its {@code \n} or {@code \r\n}) to a
 * consumer as soon as it is written; a last line without a newline is handed over on {@link
 * #close()}. This is how build progress shows a RUN step's output line by line as it comes.
 */
public final class LineOutput extends OutputStream {
  private final Consumer<String> lines;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean closed;

  public LineOutput(Consumer<String> lines) {
    this.lines = Objects.requireNonNull(lines);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      pending.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        pending.write(b, start, i - start);
        emit();
        start = i + 1;
      }
    }
    pending.write(b, start, off + len - start);
  }

  private void emit() {
    byte[] bytes = pending.toByteArray();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    pending.reset();
    lines.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (pending.size() > 0) {
        emit();
      }
    }
  }
}
