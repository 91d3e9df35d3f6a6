package dev.strata.driver;

import dev.strata.fs.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounts overlayfs. The options always turn off what would let lower content change place without
 * showing in the upper directory ({@code redirect_dir}, {@code metacopy}) and the inode index
 * (which ties an upper directory to its lower directories by file handle), where this kernel has
 * them.
 *
 * <p>The kernel takes one page of mount options, which absolute lower directory paths fill after
 * about forty layers. A longer chain gets a directory of short symlinks ({@code 0}, {@code 1}, ...)
 * to its layers, and is mounted by util-linux's mount(8) run in that directory so that the lower
 * directories can be named relatively: a JVM cannot change its own working directory safely.
 */
final class OverlayMount {
  /** Room for the options in one page, less the terminating NUL. */
  static final int MAX_OPTIONS = 4095;

  private static final Path PARAMETERS = Path.of("/sys/module/overlay/parameters");

  private OverlayMount() {}

  /**
   * Mounts an overlay of {@code lowerTopFirst} at {@code target}: writable into {@code upper} (with
   * {@code work}) or, when {@code upper} is null, read-only. {@code linkDir} is where short links
   * go if the chain needs them (created then).
   */
  static void mount(List<Path> lowerTopFirst, Path upper, Path work, Path target, Path linkDir)
      throws IOException {
    List<String> absolute = lowerTopFirst.stream().map(p -> escape(p.toString())).toList();
    String options = options(String.join(":", absolute), upper, work);
    if (options.length() <= MAX_OPTIONS) {
      Syscalls.mount("overlay", target, "overlay", 0, options);
      return;
    }
    Files.createDirectories(linkDir);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < lowerTopFirst.size(); i++) {
      String name = Integer.toString(i);
      Files.createSymbolicLink(linkDir.resolve(name), lowerTopFirst.get(i));
      names.add(name);
    }
    String relative = options(String.join(":", names), upper, work);
    if (relative.length() > MAX_OPTIONS) {
      throw new IOException(
          "mount overlay on " + target + ": " + lowerTopFirst.size() + " layers are too many");
    }
    runMount(relative, target, linkDir);
  }

  private static String options(String lowerdir, Path upper, Path work) {
    StringBuilder b = new StringBuilder("lowerdir=").append(lowerdir);
    if (upper != null) {
      b.append(",upperdir=").append(escape(upper.toString()));
      b.append(",workdir=").append(escape(work.toString()));
    }
    for (String feature : List.of("index", "redirect_dir", "metacopy")) {
      if (Files.exists(PARAMETERS.resolve(feature))) {
        b.append(',').append(feature).append("=off");
      }
    }
    return b.toString();
  }

  /** overlayfs splits options at ',' and lower directories at ':'; a backslash escapes both. */
  static String escape(String path) {
    return path.replace("\\", "\\\\").replace(",", "\\,").replace(":", "\\:");
  }

  private static void runMount(String options, Path target, Path cwd) throws IOException {
    Process p =
        new ProcessBuilder("mount", "-t", "overlay", "overlay", "-o", options, target.toString())
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int rc;
    try {
      rc = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted mounting overlay on " + target, e);
    }
    if (rc != 0) {
      throw new IOException(
          "mount overlay on " + target + ": " + (output.isEmpty() ? "exit code " + rc : output));
    }
  }
}
