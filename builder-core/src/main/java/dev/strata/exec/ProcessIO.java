package dev.strata.exec;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a process's output goes and where its input comes from. Output is streamed live: the
 * executor writes each chunk to the sink as soon as the process produces it, flushes, and closes
 * the sink when the stream ends. Without {@code stdin} the process reads end-of-file at once.
 */
public record ProcessIO(OutputStream stdout, OutputStream stderr, Optional<InputStream> stdin) {
  public ProcessIO {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(stdin, "stdin");
  }

  /** Output to the given streams, no input. */
  public static ProcessIO of(OutputStream stdout, OutputStream stderr) {
    return new ProcessIO(stdout, stderr, Optional.empty());
  }

  /** Output handed over line by line (see {@link LineOutput}), no input. */
  public static ProcessIO lines(Consumer<String> stdout, Consumer<String> stderr) {
    return of(new LineOutput(stdout), new LineOutput(stderr));
  }

  /** Output thrown away, no input. */
  public static ProcessIO discard() {
    return of(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
  }

  /** The same sinks with {@code in} as the process's standard input. */
  public ProcessIO withStdin(InputStream in) {
    return new ProcessIO(stdout, stderr, Optional.of(in));
  }
}
