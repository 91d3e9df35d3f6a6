package dev.strata.api;

import java.util.List;

/**
 * What {@code strata system check} found: one line per problem ({@code corrupt blob sha256:...:
 * content hashes to ... (repaired)}), how much it checked, and how many problems repair fixed.
 * {@link #clean()} is true only when it found nothing at all.
 */
public record CheckResult(
    List<String> findings, int repaired, int blobsChecked, int imagesChecked, int layersChecked) {
  public CheckResult {
    findings = List.copyOf(findings);
  }

  public boolean clean() {
    return findings.isEmpty();
  }
}
