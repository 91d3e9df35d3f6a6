package dev.strata.solver.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyRequestTest {
  @TempDir Path tmp;

  @Test
  void linkMakesASeparateLayerOnlyWithoutChmodAsInBuildKit() {
    CopySource src = CopySource.rootfs(tmp);
    assertThat(CopyRequest.copy(src).sources("a").destination("/").link(true).build().linksLayer())
        .isTrue();
    assertThat(
            CopyRequest.copy(src)
                .sources("a")
                .destination("/")
                .link(true)
                .chmod("755")
                .build()
                .linksLayer())
        .isFalse();
    assertThat(CopyRequest.copy(src).sources("a").destination("/").build().linksLayer()).isFalse();
  }

  @Test
  void emptyFlagValuesMeanTheFlagIsAbsent() {
    CopyRequest r =
        CopyRequest.add(CopySource.rootfs(tmp))
            .sources("a")
            .destination("/")
            .chown("")
            .chmod("")
            .checksum("")
            .build();
    assertThat(r.chown()).isEmpty();
    assertThat(r.chmod()).isEmpty();
    assertThat(r.checksum()).isEmpty();
  }

  @Test
  void aCopyNeedsASource() {
    try (FileCopier c = new FileCopier()) {
      CopyRequest r = CopyRequest.copy(CopySource.rootfs(tmp)).destination("/x").build();
      assertThatThrownBy(() -> c.copy(r, tmp))
          .isInstanceOf(CopyException.class)
          .hasMessage("COPY requires at least one source");
    }
  }

  @Test
  void inlineFilesAreValues() {
    assertThat(InlineFile.of("a", "x")).isEqualTo(InlineFile.of("a", "x"));
    assertThat(InlineFile.of("a", "x")).isNotEqualTo(InlineFile.of("a", "y"));
    assertThat(InlineFile.of("a", "x").hashCode()).isEqualTo(InlineFile.of("a", "x").hashCode());
  }
}
