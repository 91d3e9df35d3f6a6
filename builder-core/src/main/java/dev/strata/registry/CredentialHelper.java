package dev.strata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-credential-NAME} program, spoken to as docker does: {@code get} with the server
 * on standard input answers {@code {"Username": ..., "Secret": ...}} on standard output, or fails
 * with "credentials not found"; {@code store} takes {@code {"ServerURL", "Username", "Secret"}},
 * {@code erase} the server. Its output is never echoed into messages, since it holds secrets.
 */
record CredentialHelper(String name, List<Path> path) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The program on {@code path} (docker's lookup), else its bare name for the system's PATH. */
  private String find(String program) {
    for (Path dir : path) {
      Path p = dir.resolve(program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return program;
  }

  Optional<Credentials> get(String server) {
    Answer a = ask("get", server.getBytes(StandardCharsets.UTF_8), server);
    if (a.exit() != 0) {
      return Optional.empty(); // docker reads a failure as "no credentials for this server"
    }
    try {
      JsonNode node = JSON.readTree(a.out());
      String user = node.path("Username").asText("");
      String secret = node.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Credentials(user, secret));
    } catch (IOException e) {
      throw notAnswering(server);
    }
  }

  /** Stores {@code credentials} for {@code server} in the helper, as {@code docker login} does. */
  void store(String server, Credentials credentials) {
    byte[] request;
    try {
      request =
          JSON.writeValueAsBytes(
              Map.of(
                  "ServerURL",
                  server,
                  "Username",
                  credentials.username(),
                  "Secret",
                  credentials.secret()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (ask("store", request, server).exit() != 0) {
      throw new RegistryException(
          "credential helper docker-credential-"
              + name
              + " refused to store credentials for "
              + server);
    }
  }

  /** Erases what the helper holds for {@code server}; false when it held nothing. */
  boolean erase(String server) {
    return ask("erase", server.getBytes(StandardCharsets.UTF_8), server).exit() == 0;
  }

  /** What the helper printed and its exit code; the output may hold secrets and is never shown. */
  private record Answer(int exit, byte[] out) {}

  private Answer ask(String action, byte[] input, String server) {
    String program = "docker-credential-" + name;
    try {
      Process p =
          new ProcessBuilder(find(program), action)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(input);
      } catch (IOException closed) {
        // a helper may answer (or refuse) without reading its input: its exit code says which
      }
      byte[] out = p.getInputStream().readNBytes(1 << 20);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryException(
            program + " " + action + " did not answer within 30 s for " + server);
      }
      return new Answer(p.exitValue(), out);
    } catch (IOException e) {
      throw notAnswering(server);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while asking " + program + " for " + server);
    }
  }

  private RegistryException notAnswering(String server) {
    return new RegistryException(
        "cannot run credential helper docker-credential-"
            + name
            + " for "
            + server
            + ": it is not installed or did not answer with JSON");
  }
}
