package dev.strata.driver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A read-only root filesystem of a chain of layers (a stage's result for {@code RUN
 * --mount=from=...}, an image to look into). Closing it unmounts and removes whatever the driver
 * made for it.
 */
public final class ReadOnlyView implements AutoCloseable {
  /** How a driver takes its view down. */
  @FunctionalInterface
  interface Teardown {
    void run() throws IOException;
  }

  private final Path root;
  private final Teardown teardown;
  private boolean closed;

  ReadOnlyView(Path root, Teardown teardown) {
    this.root = root;
    this.teardown = teardown;
  }

  /** The root directory of the view. */
  public Path root() {
    return root;
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      teardown.run();
    }
  }
}
