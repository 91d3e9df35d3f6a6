package dev.strata.container;

import dev.strata.exec.RunningProcess;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, the termination signals strata itself receives (SIGINT from Ctrl-C, SIGTERM, SIGHUP)
 * go to a container's process instead of ending strata, as {@code docker run --sig-proxy} does: the
 * process decides what to do and strata exits with its code. Closing restores strata's handlers.
 */
final class SignalProxy implements AutoCloseable {
  private static final String[] FORWARDED = {"INT", "TERM", "HUP"};

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private SignalProxy(RunningProcess process, boolean enabled) {
    for (String name : enabled ? FORWARDED : new String[0]) {
      Signal signal = new Signal(name);
      try {
        previous.put(signal, Signal.handle(signal, s -> forward(process, s)));
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal for itself (e.g. run with -Xrs); it is not forwarded then.
      }
    }
  }

  /** Forwards signals to {@code process} until closed; does nothing unless {@code enabled}. */
  static SignalProxy forward(RunningProcess process, boolean enabled) {
    return new SignalProxy(process, enabled);
  }

  private static void forward(RunningProcess process, Signal signal) {
    try {
      process.signal(signal.getNumber());
    } catch (RuntimeException e) {
      // The process ended meanwhile; its exit is reported by the run itself.
    }
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
