package dev.strata.container;

import dev.strata.StrataException;
import dev.strata.exec.ExecStartException;
import dev.strata.exec.ProcessIO;
import dev.strata.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process that stays attached to a detached container (strata has no daemon): started by {@link
 * ContainerLauncher#startDetached} in its own session, it runs the container with its output
 * appended to {@code containers/<id>/container.log} (see {@link ContainerLog}), records the exit
 * code, removes the container when it was run with {@code --rm}, and ends with the exit code.
 */
public final class ContainerMonitor {
  private ContainerMonitor() {}

  /** {@code ContainerMonitor STORE_ROOT CONTAINER_ID}. */
  public static void main(String[] args) throws Exception {
    int code;
    try (Store store = Store.open(Path.of(args[0]))) {
      ContainerStore containers = ContainerStore.open(store);
      ContainerRecord record = containers.resolve(args[1]);
      ContainerLauncher launcher = new ContainerLauncher(store, containers);
      try (ContainerLog log = ContainerLog.append(containers.logFile(record.id()))) {
        try {
          code =
              launcher.run(
                  record,
                  ProcessIO.of(log.stdout(), log.stderr()),
                  ProcessHandle.current().pid(),
                  false,
                  true);
        } catch (ExecStartException e) {
          log.stderr().write(("strata: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          code = e.reason().exitCode();
        } catch (StrataException e) {
          log.stderr().write(("strata: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          System.exit(125);
          return;
        }
      }
      if (record.autoRemove()) {
        // run -d --rm: nobody else is there to remove it once it ends.
        try {
          launcher.remove(containers.resolve(record.id()), false, true);
        } catch (StrataException e) {
          // Removed meanwhile by rm -f, or started again: either way not ours to remove now.
        }
      }
    }
    System.exit(code);
  }
}
