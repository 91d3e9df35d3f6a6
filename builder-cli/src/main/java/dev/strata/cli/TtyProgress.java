package dev.strata.cli;

import dev.strata.api.BuildEvent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress for a terminal, like BuildKit's: a live line per running step with its elapsed time and
 * its last output lines, redrawn in place; finished steps stay above as {@code => [stage i/n] ...
 * 1.2s} or {@code => CACHED [stage i/n] ...}; a summary line at the end.
 */
final class TtyProgress implements Consumer<BuildEvent>, AutoCloseable {
  private static final int TAIL = 6;
  private static final String CLEAR_LINE = "\033[2K";
  private static final String UP = "\033[1A";

  private final PrintWriter out;
  private final int width;
  private final long started = System.nanoTime();
  private final Map<BuildEvent.StepRef, Running> running = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "strata-progress");
            t.setDaemon(true);
            return t;
          });
  private int drawn;

  private static final class Running {
    final long since = System.nanoTime();
    final Deque<String> tail = new ArrayDeque<>();
  }

  TtyProgress(PrintWriter out, int width) {
    this.out = out;
    this.width = Math.max(40, width);
    ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void accept(BuildEvent event) {
    erase();
    if (event instanceof BuildEvent.StepCached e) {
      line(" => CACHED " + PlainProgress.header(e.step()));
    } else if (event instanceof BuildEvent.StepStarted e) {
      running.put(e.step(), new Running());
    } else if (event instanceof BuildEvent.StepOutput e) {
      Running r = running.get(e.step());
      if (r != null) {
        r.tail.addLast(e.line());
        if (r.tail.size() > TAIL) {
          r.tail.removeFirst();
        }
      }
    } else if (event instanceof BuildEvent.StepDone e) {
      running.remove(e.step());
      line(" => " + PlainProgress.header(e.step()), Durations.seconds(e.elapsed()));
    } else if (event instanceof BuildEvent.StepFailed e) {
      Running r = running.remove(e.step());
      line(" => ERROR " + PlainProgress.header(e.step()), Durations.seconds(e.elapsed()));
      if (r != null) {
        r.tail.forEach(l -> out.println("    " + clip(l, width - 4)));
      }
    } else if (event instanceof BuildEvent.BasePulled e) {
      line(" => pulled " + e.reference() + " " + e.imageId());
    } else if (event instanceof BuildEvent.Warning e) {
      out.println(" ! " + e.message());
    } else if (event instanceof BuildEvent.CacheExported e) {
      out.println("[+] " + e.summary());
    } else if (event instanceof BuildEvent.Finished e) {
      running.clear();
      out.println(
          "[+] Built "
              + e.imageId()
              + " in "
              + Durations.seconds(e.elapsed())
              + ": "
              + e.ran()
              + " steps ran, "
              + e.cached()
              + " cached");
    }
    draw();
  }

  private synchronized void redraw() {
    if (!running.isEmpty()) {
      erase();
      draw();
    }
  }

  private void draw() {
    int lines = 0;
    for (Map.Entry<BuildEvent.StepRef, Running> e : running.entrySet()) {
      Duration elapsed = Duration.ofNanos(System.nanoTime() - e.getValue().since);
      line(" => " + PlainProgress.header(e.getKey()), Durations.seconds(elapsed));
      lines++;
      for (String l : e.getValue().tail) {
        out.println("    " + clip(l, width - 4));
        lines++;
      }
    }
    Duration total = Duration.ofNanos(System.nanoTime() - started);
    if (!running.isEmpty()) {
      out.println("[+] Building " + Durations.seconds(total));
      lines++;
    }
    drawn = lines;
    out.flush();
  }

  private void erase() {
    for (int i = 0; i < drawn; i++) {
      out.print(UP + CLEAR_LINE);
    }
    out.print("\r");
    drawn = 0;
  }

  private void line(String text) {
    out.println(clip(text, width));
  }

  private void line(String text, String right) {
    int room = width - right.length() - 1;
    String left = clip(text, room);
    out.println(left + " ".repeat(Math.max(1, room - left.length() + 1)) + right);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
