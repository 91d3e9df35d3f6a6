package dev.strata.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Test rootfs directories made of the host's static busybox and its applets, like busybox:latest.
 */
final class BusyboxRootfs {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private BusyboxRootfs() {}

  /** {@code dir}/bin with busybox and a symlink per applet; nothing else. */
  static Path bare(Path dir) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
    String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("busybox --list failed");
    }
    for (String applet : list.split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
      }
    }
    return dir;
  }

  /** A bare rootfs plus what images have: /etc with passwd and group, /proc, /dev, /sys, /tmp. */
  static Path full(Path dir) throws IOException, InterruptedException {
    bare(dir);
    for (String d : List.of("proc", "dev", "sys", "etc", "root", "home/app")) {
      Files.createDirectories(dir.resolve(d));
    }
    Files.createDirectories(dir.resolve("tmp"));
    Files.setPosixFilePermissions(
        dir.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(
        dir.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\n"
            + "app:x:1000:1000:app:/home/app:/bin/sh\n"
            + "other:x:1001:1001::/home/other:/bin/sh\n");
    Files.writeString(
        dir.resolve("etc/group"),
        "root:x:0:\n"
            + "wheel:x:10:app,other\n"
            + "staff:x:50:app\n"
            + "app:x:1000:\n"
            + "other:x:1001:\n");
    return dir;
  }
}
