package dev.strata.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountFlagTest {
  @TempDir Path dir;

  @Test
  void acceptsDockersKeysAndAliases() {
    assertThat(MountFlag.parse("type=volume,src=data,dst=/data,ro", "anon"))
        .isEqualTo(VolumeMount.of(VolumeMount.Type.VOLUME, "data", "/data", true));
    assertThat(MountFlag.parse("source=data,destination=/d,readonly=false", "anon"))
        .isEqualTo(VolumeMount.of(VolumeMount.Type.VOLUME, "data", "/d", false));
    assertThat(MountFlag.parse("type=bind,source=" + dir + ",target=/h,readonly=1", "anon"))
        .isEqualTo(VolumeMount.of(VolumeMount.Type.BIND, dir.toString(), "/h", true));
    assertThat(MountFlag.parse("type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770", "anon"))
        .isEqualTo(
            new VolumeMount(VolumeMount.Type.TMPFS, null, "/t", false, false, 64L << 20, 01770));
    assertThat(MountFlag.parse("type=volume,target=/v", "anon"))
        .isEqualTo(VolumeMount.anonymous("anon", "/v", false));
  }

  @Test
  void badSpecsAreRefusedNamingTheFlagAndTheSpec() {
    assertRefused("type=bind,foo=bar,dst=/x", "unknown key \"foo\"");
    assertRefused("type=bind,src=/no/such/dir,dst=/x", "bind source /no/such/dir does not exist");
    assertRefused("type=bind,dst=/x", "source is required for type=bind");
    assertRefused("type=bind,src=relative,dst=/x", "the bind source must be an absolute path");
    assertRefused("type=volume,src=data", "target is required");
    assertRefused("type=volume,src=data,dst=rel", "the target must be an absolute path");
    assertRefused("type=nfs,dst=/x", "unknown type \"nfs\"");
    assertRefused("type=tmpfs,src=x,dst=/x", "a tmpfs has no source");
    assertRefused("type=volume,src=a/b,dst=/x", "invalid volume name \"a/b\"");
    assertRefused("type=volume,src=v,dst=/x,tmpfs-size=1m", "only for type=tmpfs");
    assertRefused("type=tmpfs,dst=/x,tmpfs-size=lots", "tmpfs-size \"lots\" is not a size");
    assertRefused("type=volume,src=v,dst=/x,ro=maybe", "ro must be true or false");
  }

  private static void assertRefused(String spec, String why) {
    assertThatThrownBy(() -> MountFlag.parse(spec, "anon"))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid --mount \"" + spec + "\": ")
        .hasMessageContaining(why);
  }
}
