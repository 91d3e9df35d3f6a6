package dev.strata.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and a secret (a password or an identity token) for one registry. {@link #toString}
 * never shows the secret, so a credential that reaches a log or a message by mistake stays hidden.
 */
public record Credentials(String username, String secret) {
  /** Docker's {@code auth} field: base64 of {@code user:secret}. */
  public String basicToken() {
    return Base64.getEncoder()
        .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads Docker's {@code auth} field; null when it is not {@code user:secret} in base64. */
  static Credentials fromBasicToken(String auth) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon <= 0
        ? null
        : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", secret=<hidden>]";
  }
}
