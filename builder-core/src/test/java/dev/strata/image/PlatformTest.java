package dev.strata.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {
  @ParameterizedTest
  @CsvSource({
    "linux/amd64, linux/amd64",
    "linux/arm64/v8, linux/arm64/v8",
    "linux/arm/v7, linux/arm/v7",
    "Linux/x86_64, linux/amd64",
    "linux/aarch64, linux/arm64",
    "linux/armhf, linux/arm/v7",
    "linux/armel, linux/arm/v6",
    "linux/i686, linux/386",
    "windows/amd64, windows/amd64",
    "macos/arm64, darwin/arm64",
  })
  void parsesAndFormatsOsArchVariant(String text, String formatted) {
    assertThat(Platform.parse(text).toString()).isEqualTo(formatted);
    assertThat(Platform.parse(formatted)).isEqualTo(Platform.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux", "linux/", "/amd64", "linux/amd64/v8/x", "linux/am d64", ""})
  void rejectsMalformedPlatforms(String text) {
    assertThatThrownBy(() -> Platform.parse(text))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("invalid platform \"" + text + "\"");
  }

  @Test
  void defaultVariantsMatchNoVariant() {
    assertThat(Platform.parse("linux/arm64/v8").matches(Platform.parse("linux/arm64"))).isTrue();
    assertThat(Platform.parse("linux/arm").matches(Platform.parse("linux/arm/v7"))).isTrue();
    assertThat(Platform.parse("linux/arm/7").matches(Platform.parse("linux/arm/v7"))).isTrue();
    assertThat(Platform.parse("linux/amd64/v1").matches(Platform.parse("linux/amd64"))).isTrue();
    assertThat(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7"))).isFalse();
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("linux/arm64"))).isFalse();
    assertThat(Platform.parse("linux/amd64").matches(Platform.parse("windows/amd64"))).isFalse();
    assertThat(Platform.parse("linux/arm64/v8").normalized().toString()).isEqualTo("linux/arm64");
  }

  @ParameterizedTest
  @CsvSource({
    "Linux, amd64, linux/amd64",
    "Linux, x86_64, linux/amd64",
    "Linux, aarch64, linux/arm64",
    "Linux, arm, linux/arm/v7",
    "Linux, x86, linux/386",
    "Linux, i386, linux/386",
    "Linux, ppc64le, linux/ppc64le",
    "Linux, s390x, linux/s390x",
    "Linux, riscv64, linux/riscv64",
    "Linux, loongarch64, linux/loong64",
    "Mac OS X, aarch64, darwin/arm64",
    "Windows 11, amd64, windows/amd64",
  })
  void jvmOsAndArchMapToGoNames(String osName, String osArch, String expected) {
    assertThat(Platform.fromJvm(osName, osArch).toString()).isEqualTo(expected);
  }

  @Test
  void hostPlatformIsLinuxOnThisMachine() {
    Platform host = Platform.host();
    assertThat(host.os()).isEqualTo("linux");
    assertThat(host.architecture()).matches("[a-z0-9]+");
  }

  @Test
  void missingOsOrArchitectureIsAUserError() {
    assertThatThrownBy(() -> new Platform("", "amd64", null))
        .isInstanceOf(StrataException.class)
        .hasMessage("platform needs an os and an architecture");
  }
}
