package dev.strata.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void parsesTheFormsStopSignalAccepts() {
    assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
    assertThat(Signals.parse("term")).isEqualTo(15);
    assertThat(Signals.parse("9")).isEqualTo(9);
    assertThat(Signals.parse("SIGQUIT")).isEqualTo(3);
    assertThat(Signals.parse("RTMIN+3")).isEqualTo(37);
    assertThat(Signals.parse("SIGRTMAX-1")).isEqualTo(63);
    assertThat(Signals.parse("RTMIN")).isEqualTo(34);
  }

  @Test
  void refusesUnknownSignals() {
    assertThatThrownBy(() -> Signals.parse("SIGFOO")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signals.parse("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signals.parse("65")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Signals.parse("RTMIN-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exitCodesAbove128ReadAsSignals() {
    assertThat(ExecResult.killedBy(9).exitCode()).isEqualTo(137);
    assertThat(ExecResult.exited(137).signal()).hasValue(9);
    assertThat(ExecResult.exited(128).signal()).isEmpty();
    assertThat(ExecResult.exited(3).signal()).isEmpty();
    assertThat(ExecResult.exited(255).signal()).isEmpty();
    assertThat(ExecResult.exited(0).succeeded()).isTrue();
  }
}
