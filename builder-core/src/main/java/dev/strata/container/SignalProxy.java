package dev.strata.container;

import dev.strata.exec.RunningProcess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, the termination signals strata itself receives (SIGINT from Ctrl-C, SIGTERM, SIGHUP)
 * go to a container's process instead of ending strata, as {@code docker run --sig-proxy} does: the
 * process decides what to do and strata exits with its code. It is installed before the process
 * starts, so that a signal arriving while it starts is held and delivered once it runs rather than
 * ending strata with the container left behind. Closing restores strata's handlers.
 */
final class SignalProxy implements AutoCloseable {
  private static final String[] FORWARDED = {"INT", "TERM", "HUP"};

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final List<Integer> pending = new ArrayList<>();
  private RunningProcess process;

  private SignalProxy(boolean enabled) {
    for (String name : enabled ? FORWARDED : new String[0]) {
      Signal signal = new Signal(name);
      try {
        previous.put(signal, Signal.handle(signal, s -> received(s.getNumber())));
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal for itself (e.g. run with -Xrs); it is not forwarded then.
      }
    }
  }

  /** Starts catching signals; does nothing unless {@code enabled}. */
  static SignalProxy install(boolean enabled) {
    return new SignalProxy(enabled);
  }

  /** From now on signals go to {@code started}, first those that came while it started. */
  void attach(RunningProcess started) {
    List<Integer> held;
    synchronized (this) {
      process = started;
      held = List.copyOf(pending);
      pending.clear();
    }
    held.forEach(s -> forward(started, s));
  }

  private void received(int signal) {
    RunningProcess target;
    synchronized (this) {
      target = process;
      if (target == null) {
        pending.add(signal);
        return;
      }
    }
    forward(target, signal);
  }

  private static void forward(RunningProcess process, int signal) {
    try {
      process.signal(signal);
    } catch (RuntimeException e) {
      // The process ended meanwhile; its exit is reported by the run itself.
    }
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
