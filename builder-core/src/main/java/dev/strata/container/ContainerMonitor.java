package dev.strata.container;

import dev.strata.exec.ProcessIO;
import dev.strata.store.Store;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process that stays attached to a detached container (strata has no daemon): started by {@link
 * ContainerLauncher#startDetached} in its own session, it runs the container with its output
 * appended to {@code containers/<id>/container.log}, records the exit code and ends with it.
 */
public final class ContainerMonitor {
  private ContainerMonitor() {}

  /** {@code ContainerMonitor STORE_ROOT CONTAINER_ID}. */
  public static void main(String[] args) throws Exception {
    int code;
    try (Store store = Store.open(Path.of(args[0]))) {
      ContainerStore containers = ContainerStore.open(store);
      ContainerRecord record = containers.resolve(args[1]);
      Path log = containers.logFile(record.id());
      try (OutputStream out =
          Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        OutputStream synced = new SyncedStream(out);
        code =
            new ContainerLauncher(store, containers)
                .run(record, ProcessIO.of(synced, synced), ProcessHandle.current().pid());
      } catch (dev.strata.exec.ExecStartException e) {
        Files.writeString(
            log,
            "strata: " + e.getMessage() + "\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        code = e.reason().exitCode();
      }
    }
    System.exit(code);
  }

  /** stdout and stderr go to one log from two threads: whole writes, flushed each time. */
  private static final class SyncedStream extends OutputStream {
    private final OutputStream out;

    SyncedStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      out.write(b);
      out.flush();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
      out.flush();
    }
  }
}
