package dev.strata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.image.ImageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's client configuration, {@code config.json} in {@code $DOCKER_CONFIG} or {@code
 * ~/.docker}: where credentials for a registry come from ({@code credHelpers}, then {@code
 * credsStore}, then the base64 {@code auth} of {@code auths}) and where {@code strata login} writes
 * them. Every other field of the file is kept as it was.
 */
public final class DockerConfig {
  /** The key Docker uses for Docker Hub in {@code auths}. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final List<Path> helperPath;

  /** The configuration in directory {@code dir} (its {@code config.json}). */
  public DockerConfig(Path dir) {
    this(dir, systemPath());
  }

  /** As above, looking for {@code docker-credential-*} helpers in {@code helperPath}. */
  DockerConfig(Path dir, List<Path> helperPath) {
    this.file = dir.resolve("config.json");
    this.helperPath = List.copyOf(helperPath);
  }

  private static List<Path> systemPath() {
    String path = System.getenv("PATH");
    if (path == null || path.isEmpty()) {
      return List.of();
    }
    return java.util.Arrays.stream(path.split(":"))
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }

  /** {@code $DOCKER_CONFIG}, else {@code ~/.docker}. */
  public static DockerConfig fromEnvironment() {
    String env = System.getenv("DOCKER_CONFIG");
    Path dir =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".docker");
    return new DockerConfig(dir);
  }

  public Path file() {
    return file;
  }

  /** The key a registry host has in {@code auths} and {@code credHelpers}. */
  static String key(String host) {
    return ImageName.DOCKER_HUB.equals(host) ? DOCKER_HUB_KEY : host;
  }

  /** The credentials configured for registry {@code host}, if any. */
  public Optional<Credentials> credentials(String host) {
    ObjectNode root = read();
    String key = key(host);
    Optional<CredentialHelper> helper = helper(root, host);
    if (helper.isPresent()) {
      Optional<Credentials> fromHelper = helper.get().get(key);
      if (fromHelper.isPresent()) {
        return fromHelper;
      }
    }
    JsonNode auths = root.path("auths");
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!hostOf(e.getKey()).equals(hostOf(key))) {
        continue;
      }
      JsonNode entry = e.getValue();
      String auth = entry.path("auth").asText("");
      if (!auth.isEmpty()) {
        Credentials c = Credentials.fromBasicToken(auth);
        if (c == null) {
          throw new RegistryException(
              "malformed auth for " + host + " in " + file + ": want base64 of user:password");
        }
        return Optional.of(c);
      }
      String token = entry.path("identitytoken").asText("");
      if (!token.isEmpty()) {
        return Optional.of(new Credentials("<token>", token));
      }
    }
    return Optional.empty();
  }

  /**
   * The helper docker uses for {@code host}: its {@code credHelpers} entry, else {@code
   * credsStore}.
   */
  private Optional<CredentialHelper> helper(ObjectNode root, String host) {
    String name = root.path("credHelpers").path(host).asText("");
    if (name.isEmpty()) {
      name = root.path("credsStore").asText("");
    }
    return name.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(name, helperPath));
  }

  /**
   * Records {@code credentials} for {@code host} as {@code docker login} does: in the host's
   * credential helper when one is configured (with an empty {@code auths} entry, so the login is
   * listed), else base64 in {@code auths}; the file is written atomically, mode 600.
   */
  public void store(String host, Credentials credentials) {
    ObjectNode root = read();
    Optional<CredentialHelper> helper = helper(root, host);
    helper.ifPresent(h -> h.store(key(host), credentials));
    ObjectNode auths = root.with("auths");
    removeHost(auths, host);
    ObjectNode entry = auths.putObject(key(host));
    if (helper.isEmpty()) {
      entry.put("auth", credentials.basicToken());
    }
    write(root);
  }

  /**
   * Removes the credentials for {@code host}, from its helper too when one is configured; false
   * when there were none.
   */
  public boolean remove(String host) {
    ObjectNode root = read();
    boolean erased = helper(root, host).map(h -> h.erase(key(host))).orElse(false);
    if (!(root.get("auths") instanceof ObjectNode auths) || !removeHost(auths, host)) {
      return erased;
    }
    write(root);
    return true;
  }

  private static boolean removeHost(ObjectNode auths, String host) {
    boolean removed = false;
    for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
      if (hostOf(it.next()).equals(hostOf(key(host)))) {
        it.remove();
        removed = true;
      }
    }
    return removed;
  }

  /** {@code https://host/v1/} and {@code host} alike name {@code host}. */
  static String hostOf(String key) {
    String k = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    int slash = k.indexOf('/');
    return slash < 0 ? k : k.substring(0, slash);
  }

  private ObjectNode read() {
    if (!Files.exists(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node instanceof ObjectNode o) {
        return o;
      }
      throw new RegistryException(file + " is not a JSON object");
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": not valid JSON");
    }
  }

  private void write(ObjectNode root) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".config", ".json");
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RegistryException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
