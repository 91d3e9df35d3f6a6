package dev.strata.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The {@code /etc/hosts} and {@code /etc/resolv.conf} a process sees. They are written into the
 * run's own directory and bound read-only over the rootfs's, as BuildKit does for RUN steps.
 */
final class EtcFiles {
  /** Host resolver configuration copied into containers. */
  static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

  private static final long MAX_RESOLV_CONF = 64 * 1024;

  private EtcFiles() {}

  /** The hosts file: localhost for IPv4 and IPv6, the hostname, then the extra entries. */
  static String hosts(ProcessSpec spec) {
    StringBuilder b = new StringBuilder();
    b.append("127.0.0.1\tlocalhost\n");
    b.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    if (!spec.hostname().equals("localhost")) {
      b.append("127.0.0.1\t").append(spec.hostname()).append('\n');
    }
    for (HostEntry e : spec.extraHosts()) {
      b.append(e.address()).append('\t').append(e.name()).append('\n');
    }
    return b.toString();
  }

  /** The host's resolv.conf, or an empty file when it has none. */
  static byte[] resolvConf(Path hostResolvConf) throws IOException {
    try {
      if (Files.size(hostResolvConf) > MAX_RESOLV_CONF) {
        throw new IOException(hostResolvConf + " is larger than " + MAX_RESOLV_CONF + " bytes");
      }
      return Files.readAllBytes(hostResolvConf);
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }

  /** Writes both files into {@code dir}; returns their paths (hosts, resolv.conf). */
  static Path[] write(Path dir, ProcessSpec spec) throws IOException {
    Path hosts = dir.resolve("hosts");
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(hosts, hosts(spec), StandardCharsets.UTF_8);
    Files.write(resolv, resolvConf(HOST_RESOLV_CONF));
    // Readable by every user in the container, whatever strata's umask.
    Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(resolv, PosixFilePermissions.fromString("rw-r--r--"));
    return new Path[] {hosts, resolv};
  }
}
