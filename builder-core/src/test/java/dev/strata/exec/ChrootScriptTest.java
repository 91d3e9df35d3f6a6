package dev.strata.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ChrootScriptTest {
  static final ChrootScript.Tools TOOLS =
      new ChrootScript.Tools(
          "/bin/mount",
          "/bin/mknod",
          "/sbin/ip",
          "/bin/setpriv",
          "/bin/prlimit",
          "/bin/env",
          "/bin/unshare");

  @Property(tries = 40)
  void quotingSurvivesTheShell(
      @ForAll @StringLength(max = 30) @CharRange(from = ' ', to = '~') @Chars({'\n', '\t'})
          String word)
      throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c", "printf %s " + ChrootScript.q(word)).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(word);
  }

  @Test
  void processCommandDropsGroupsAndCapabilitiesThenChrootsAsTheUser() {
    ProcessSpec spec =
        ProcessSpec.builder(List.of("id", "-u"))
            .cwd("/w")
            .user(new ProcessUser(1000, 50, List.of(10L, 20L)))
            .rlimits(List.of(new Rlimit("RLIMIT_NOFILE", 1, 2)))
            .build();
    String cmd = String.join(" ", ChrootScript.processCommand(spec, List.of("A=b c"), TOOLS));
    assertThat(cmd)
        .startsWith("'/bin/setpriv' --regid 50 --groups 10,20 --bounding-set -all,+chown,")
        .contains("--inh-caps -all -- '/bin/prlimit' --nofile=1:2 -- '/bin/env' -i -- 'A=b c'")
        .endsWith("'/bin/unshare' --root \"$R\" --wd '/w' --setuid 1000 -- 'id' '-u'");
    ProcessSpec root = ProcessSpec.builder(List.of("true")).rlimits(List.of()).build();
    assertThat(String.join(" ", ChrootScript.processCommand(root, List.of(), TOOLS)))
        .contains("--regid 0 --clear-groups")
        .doesNotContain("prlimit")
        .doesNotContain("--setuid");
  }
}
