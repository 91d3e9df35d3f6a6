package dev.strata.api;

import dev.strata.StrataException;
import dev.strata.image.ImageName;
import dev.strata.registry.Credentials;
import dev.strata.registry.DockerConfig;
import dev.strata.registry.RegistryClient;
import dev.strata.registry.RegistryOptions;

/**
 * {@code strata login} and {@code strata logout}: credentials for a registry, checked against it
 * and kept in Docker's {@code config.json} (where docker and skopeo find them too).
 */
public final class Registries {
  private final RegistrySettings settings;

  public Registries(RegistrySettings settings) {
    this.settings = settings;
  }

  /** The registry host {@code text} names: {@code docker.io} for Docker Hub and its aliases. */
  public static String host(String text) {
    String t = text.replaceFirst("^[a-zA-Z]+://", "");
    int slash = t.indexOf('/');
    if (slash >= 0) {
      t = t.substring(0, slash);
    }
    if (t.isEmpty()) {
      throw new StrataException("invalid registry \"" + text + "\"");
    }
    if (t.equals("index.docker.io") || t.equals("registry-1.docker.io")) {
      return ImageName.DOCKER_HUB;
    }
    return t;
  }

  /**
   * Checks {@code username} and {@code password} against {@code registry} and, when it accepts
   * them, records them; a refusal records nothing and is a one-line error without the password.
   */
  public void login(String registry, String username, String password) {
    String host = host(registry);
    if (username.isEmpty() || password.isEmpty()) {
      throw new StrataException("login to " + host + " needs a user name and a password");
    }
    Credentials c = new Credentials(username, password);
    RegistryOptions options = settings.options();
    try {
      new RegistryClient(options).checkLogin(host, c);
    } catch (StrataException e) {
      throw new StrataException("login to " + host + " failed: " + e.getMessage());
    }
    options.dockerConfig().store(host, c);
  }

  /** Forgets the credentials for {@code registry}; false when there were none. */
  public boolean logout(String registry) {
    DockerConfig config = settings.options().dockerConfig();
    return config.remove(host(registry));
  }

  /** Where credentials are kept. */
  public String configFile() {
    return settings.options().dockerConfig().file().toString();
  }
}
