package dev.strata.store;

import java.util.List;

/**
 * What {@code strata system check} found: one {@link Finding} per corrupt or dangling object, and
 * how much it looked at. A store is consistent when there are no findings left unrepaired.
 */
public record CheckReport(
    List<Finding> findings, int blobsChecked, int imagesChecked, int layersChecked) {
  public CheckReport {
    findings = List.copyOf(findings);
  }

  /** Nothing found at all. */
  public boolean clean() {
    return findings.isEmpty();
  }

  /** The findings repair did not (or could not) fix. */
  public List<Finding> unrepaired() {
    return findings.stream().filter(f -> !f.repaired()).toList();
  }

  /** The kinds of problem a check reports. */
  public enum Kind {
    /** A blob whose bytes no longer hash to its name. Repair removes it. */
    CORRUPT_BLOB,
    /** A file under blobs/ or layers/ that is not named like content. Repair removes it. */
    STRAY_FILE,
    /** A reference or image record whose manifest is missing. Repair removes the record. */
    DANGLING_REFERENCE,
    /** An image whose manifest is present but some content is missing or unreadable. */
    INCOMPLETE_IMAGE,
    /** A layer directory without valid metadata or diff. Repair removes it. */
    INCOMPLETE_LAYER,
    /** The image catalog cannot be read. Repair sets it aside and starts an empty one. */
    CORRUPT_CATALOG,
    /** Reported by a {@link CheckExtension}. */
    OTHER
  }

  /**
   * One problem, printable as one line: {@code corrupt blob sha256:...: content hashes to
   * sha256:... (removed)}.
   */
  public record Finding(Kind kind, String subject, String message, boolean repaired) {
    @Override
    public String toString() {
      String what = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
      return what + " " + subject + ": " + message + (repaired ? " (repaired)" : "");
    }
  }
}
