package dev.strata.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes still running, so that strata exiting on Ctrl-C or SIGTERM kills them and removes their
 * state instead of leaving orphaned containers and mount points behind.
 */
final class LiveProcesses {
  private static final Set<RunningProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile boolean hookInstalled;

  private LiveProcesses() {}

  static void add(RunningProcess p) {
    installHook();
    LIVE.add(p);
  }

  static void remove(RunningProcess p) {
    LIVE.remove(p);
  }

  private static synchronized void installHook() {
    if (hookInstalled) {
      return;
    }
    hookInstalled = true;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  List<Thread> closers = new ArrayList<>();
                  for (RunningProcess p : List.copyOf(LIVE)) {
                    Thread t = new Thread(p::close, "strata-exec-shutdown");
                    t.start();
                    closers.add(t);
                  }
                  for (Thread t : closers) {
                    try {
                      t.join(15_000);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                },
                "strata-exec-shutdown"));
  }
}
