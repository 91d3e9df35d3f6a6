package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.BuildEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final BuildEvent.StepRef RUN = new BuildEvent.StepRef("0", 2, 3, "RUN make", 3);
  private static final BuildEvent.StepRef COPY =
      new BuildEvent.StepRef("build", 1, 3, "COPY . /src", 2);

  @Test
  void plainProgressNumbersStepsAndSaysWhatHappened() {
    StringWriter out = new StringWriter();
    PlainProgress p = new PlainProgress(new PrintWriter(out));
    p.accept(new BuildEvent.StepCached(COPY));
    p.accept(new BuildEvent.StepStarted(RUN, "file a.c: content changed"));
    p.accept(new BuildEvent.StepOutput(RUN, "cc -o app a.c", false));
    p.accept(new BuildEvent.StepDone(RUN, Duration.ofMillis(1234), 2048));
    p.accept(new BuildEvent.Finished("sha256:abc", 1, 1, Duration.ofMillis(2500)));
    assertThat(out.toString())
        .isEqualTo(
            "#1 [build 1/3] COPY . /src\n"
                + "#1 CACHED\n"
                + "#2 [stage-0 2/3] RUN make\n"
                + "#2 cache miss: file a.c: content changed\n"
                + "#2 cc -o app a.c\n"
                + "#2 DONE 1.2s\n"
                + "built sha256:abc in 2.5s (1 ran, 1 cached)\n");
  }

  @Test
  void ttyProgressKeepsFinishedStepsAndShowsTheFailingStepsLastLines() {
    StringWriter out = new StringWriter();
    try (TtyProgress p = new TtyProgress(new PrintWriter(out), 60)) {
      p.accept(new BuildEvent.StepCached(COPY));
      p.accept(new BuildEvent.StepStarted(RUN, ""));
      for (int i = 1; i <= 8; i++) {
        p.accept(new BuildEvent.StepOutput(RUN, "line " + i, false));
      }
      p.accept(new BuildEvent.StepFailed(RUN, Duration.ofMillis(300), "exit 2"));
    }
    String text = out.toString().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replace("\r", "");
    assertThat(text).contains(" => CACHED [build 1/3] COPY . /src");
    assertThat(text).containsPattern(" => ERROR \\[stage-0 2/3\\] RUN make +0\\.3s");
    // the running step's tail holds the last six lines; the failure prints them
    assertThat(text.substring(text.lastIndexOf("ERROR"))).contains("line 3").contains("line 8");
    assertThat(text.substring(text.lastIndexOf("ERROR"))).doesNotContain("line 2\n");
  }
}
