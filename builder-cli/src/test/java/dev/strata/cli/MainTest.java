package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void theNamedSubcommandIsFoundAfterGlobalOptions() {
    assertThat(Main.named("build", ".")).contains(BuildCommand.class);
    assertThat(Main.named("--root", "build", "--debug", "images")).contains(ImagesCommand.class);
    assertThat(Main.named("--root=/tmp/x", "--debug", "run", "img", "build"))
        .contains(RunCommand.class);
  }

  @Test
  void noOrAnUnknownSubcommandGivesEveryOne() {
    assertThat(Main.named()).isEmpty();
    assertThat(Main.named("--help")).isEmpty();
    assertThat(Main.named("biuld")).isEmpty();
    assertThat(Main.newCommandLine("biuld").getSubcommands())
        .hasSize(StrataCommand.SUBCOMMANDS.size());
  }

  @Test
  void onlyTheNamedSubcommandIsBuiltAndItKeepsTheGlobalOptions() {
    CommandLine cmd = Main.newCommandLine("--root", "/tmp/r", "run", "img");
    assertThat(cmd.getSubcommands()).containsOnlyKeys("run");
    CommandLine run = cmd.getSubcommands().get("run");
    assertThat(run.isStopAtPositional()).isTrue();
    assertThat(run.getCommandSpec().findOption("--root")).isNotNull();
    assertThat(run.getCommandSpec().findOption("--debug")).isNotNull();
  }
}
