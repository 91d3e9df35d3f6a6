package dev.strata.store.archive;

import dev.strata.StrataException;
import java.util.Locale;

/** The forms {@code strata save} writes, by the names users give them. */
public enum ArchiveFormat {
  /** An OCI image layout directory. */
  OCI("oci"),
  /** An OCI image layout as an (uncompressed) tar file. */
  OCI_ARCHIVE("oci-archive"),
  /** A tarball in the form {@code docker save} writes and {@code docker load} reads. */
  DOCKER_ARCHIVE("docker");

  private final String userName;

  ArchiveFormat(String userName) {
    this.userName = userName;
  }

  public String userName() {
    return userName;
  }

  /** {@code oci}, {@code oci-archive} or {@code docker} (also {@code docker-archive}). */
  public static ArchiveFormat parse(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (ArchiveFormat f : values()) {
      if (f.userName.equals(n)) {
        return f;
      }
    }
    if (n.equals("docker-archive")) {
      return DOCKER_ARCHIVE;
    }
    throw new StrataException(
        "unknown archive format \"" + name + "\": use oci, oci-archive or docker");
  }
}
