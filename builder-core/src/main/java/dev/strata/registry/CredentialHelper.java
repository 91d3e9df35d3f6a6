package dev.strata.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code docker-credential-NAME} program, spoken to as docker does: {@code get} with the server
 * on standard input answers {@code {"Username": ..., "Secret": ...}} on standard output, or fails
 * with "credentials not found". Its output is never echoed into messages, since it holds secrets.
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
    String program = "docker-credential-" + name;
    try {
      Process p =
          new ProcessBuilder(find(program), "get")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(server.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = p.getInputStream().readNBytes(1 << 20);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RegistryException(program + " get did not answer within 30 s for " + server);
      }
      if (p.exitValue() != 0) {
        return Optional.empty(); // docker reads a failure as "no credentials for this server"
      }
      JsonNode node = JSON.readTree(out);
      String user = node.path("Username").asText("");
      String secret = node.path("Secret").asText("");
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Credentials(user, secret));
    } catch (IOException e) {
      throw new RegistryException(
          "cannot run credential helper "
              + program
              + " for "
              + server
              + ": it is not installed or"
              + " did not answer with JSON");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while asking " + program + " for " + server);
    }
  }
}
