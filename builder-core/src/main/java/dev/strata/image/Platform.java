package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strata.StrataException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The platform an image runs on, as the OCI index and config describe it: {@code os}, {@code
 * architecture} (Go's GOARCH names), optional {@code variant} ({@code v7}, {@code v8}), {@code
 * os.version} and {@code os.features}.
 *
 * <p>{@link #parse} reads the {@code os/arch[/variant]} form users type ({@code linux/arm64/v8}),
 * mapping common aliases ({@code x86_64}, {@code aarch64}) to GOARCH; {@link #toString} writes it
 * back. {@link #matches} compares normalized platforms, where an architecture's default variant
 * equals no variant ({@code linux/arm64/v8} matches {@code linux/arm64}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
    String os,
    String architecture,
    String variant,
    @JsonProperty("os.version") String osVersion,
    @JsonProperty("os.features") List<String> osFeatures) {

  public Platform {
    if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
      throw new StrataException("platform needs an os and an architecture");
    }
    variant = Copies.emptyToNull(variant);
    osVersion = Copies.emptyToNull(osVersion);
    osFeatures = Copies.list(osFeatures);
  }

  public Platform(String os, String architecture, String variant) {
    this(os, architecture, variant, null, null);
  }

  /** Parses {@code os/arch[/variant]}; throws a {@link StrataException} naming the bad text. */
  public static Platform parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new StrataException(
          "invalid platform \"" + text + "\": want os/arch or os/arch/variant");
    }
    for (String p : parts) {
      if (!p.matches("[A-Za-z0-9_.-]+")) {
        throw new StrataException(
            "invalid platform \"" + text + "\": empty or malformed component \"" + p + "\"");
      }
    }
    String os = normalizeOs(parts[0]);
    String arch = parts[1].toLowerCase(Locale.ROOT);
    String variant = parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : null;
    switch (arch) {
      case "x86_64", "x86-64" -> arch = "amd64";
      case "aarch64" -> arch = "arm64";
      case "i386", "i486", "i586", "i686", "x86" -> arch = "386";
      case "armhf" -> {
        arch = "arm";
        variant = variant == null ? "v7" : variant;
      }
      case "armel" -> {
        arch = "arm";
        variant = variant == null ? "v6" : variant;
      }
      default -> {}
    }
    return new Platform(os, arch, variant);
  }

  /**
   * The platform of this machine: {@code os.name} and {@code os.arch} mapped to GOOS and GOARCH
   * ({@code amd64}, {@code arm64}, {@code arm/v7}, {@code 386}, {@code ppc64le}, {@code s390x},
   * {@code riscv64}, {@code loong64}, ...).
   */
  public static Platform host() {
    return fromJvm(System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  static Platform fromJvm(String osName, String osArch) {
    String os = normalizeOs(osName.toLowerCase(Locale.ROOT).startsWith("mac") ? "darwin" : osName);
    if (os.startsWith("windows")) {
      os = "windows";
    }
    String a = osArch.toLowerCase(Locale.ROOT);
    return switch (a) {
      case "amd64", "x86_64", "x86-64" -> new Platform(os, "amd64", null);
      case "aarch64", "arm64" -> new Platform(os, "arm64", null);
      case "arm", "aarch32", "armv7l", "armhf" -> new Platform(os, "arm", "v7");
      case "x86", "i386", "i486", "i586", "i686" -> new Platform(os, "386", null);
      case "ppc64le", "ppc64" -> new Platform(os, a, null);
      case "s390x", "riscv64", "mips64", "mips64le", "mipsle", "mips" -> new Platform(os, a, null);
      case "mips64el" -> new Platform(os, "mips64le", null);
      case "mipsel" -> new Platform(os, "mipsle", null);
      case "loongarch64" -> new Platform(os, "loong64", null);
      default -> new Platform(os, a, null);
    };
  }

  private static String normalizeOs(String os) {
    String o = os.toLowerCase(Locale.ROOT);
    return "macos".equals(o) ? "darwin" : o;
  }

  /**
   * This platform with aliases resolved and an architecture's default variant removed ({@code
   * arm64/v8}, {@code amd64/v1}) or added ({@code arm} means {@code arm/v7}), so two normalized
   * platforms are equal exactly when they name the same target.
   */
  public Platform normalized() {
    Platform p = parse(os + "/" + architecture + (variant == null ? "" : "/" + variant));
    String v = p.variant;
    switch (p.architecture) {
      case "arm64" -> {
        if ("8".equals(v) || "v8".equals(v) || "v8.0".equals(v)) {
          v = null;
        }
      }
      case "amd64" -> {
        if ("v1".equals(v)) {
          v = null;
        }
      }
      case "arm" -> {
        if (v == null || "7".equals(v)) {
          v = "v7";
        } else if (v.matches("[5-8]")) {
          v = "v" + v;
        }
      }
      default -> {}
    }
    return new Platform(p.os, p.architecture, v, osVersion, osFeatures);
  }

  /** Whether both name the same os, architecture and variant after normalization. */
  public boolean matches(Platform other) {
    Platform a = normalized();
    Platform b = other.normalized();
    return a.os.equals(b.os)
        && a.architecture.equals(b.architecture)
        && Objects.equals(a.variant, b.variant);
  }

  /** {@code os/arch[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
