package dev.strata.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1 with a free port, its
 * config and storage in a directory of the test: open, with htpasswd basic auth, or with TLS from a
 * CA made with openssl for the test.
 */
public final class RegistryServer implements AutoCloseable {
  public static final String USER = "tester";
  public static final String PASSWORD = "s3cret-Passw0rd";

  public enum Variant {
    OPEN,
    BASIC_AUTH,
    TLS
  }

  private final Process process;
  private final int port;
  private final Path dir;
  private final Path ca;

  private RegistryServer(Process process, int port, Path dir, Path ca) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.ca = ca;
  }

  public static RegistryServer start(Path dir, Variant variant)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    StringBuilder yml = new StringBuilder();
    yml.append("version: 0.1\n")
        .append("log:\n  level: info\n  accesslog:\n    disabled: false\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ")
        .append(dir.resolve("data"))
        .append("\n  delete:\n    enabled: true\n")
        .append("http:\n  addr: 127.0.0.1:")
        .append(port)
        .append("\n");
    Path ca = null;
    if (variant == Variant.TLS) {
      ca = makeCertificates(dir);
      yml.append("  tls:\n    certificate: ")
          .append(dir.resolve("server.pem"))
          .append("\n    key: ")
          .append(dir.resolve("server.key"))
          .append("\n");
    }
    if (variant == Variant.BASIC_AUTH) {
      String line = run(dir, "htpasswd", "-Bbn", USER, PASSWORD).trim();
      Files.writeString(dir.resolve("htpasswd"), line + "\n");
      yml.append("auth:\n  htpasswd:\n    realm: strata-test\n    path: ")
          .append(dir.resolve("htpasswd"))
          .append("\n");
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(config, yml.toString());
    Process p =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    RegistryServer server = new RegistryServer(p, port, dir, ca);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return server;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IllegalStateException(
              "docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  /** A CA and a server certificate for 127.0.0.1 signed by it; returns the CA's PEM file. */
  private static Path makeCertificates(Path dir) throws IOException, InterruptedException {
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=strata test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    Files.writeString(
        dir.resolve("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf");
    return dir.resolve("ca.pem");
  }

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    String text = new String(out, StandardCharsets.UTF_8);
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
    }
    return text;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}, the registry as image names write it. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** The test CA (TLS variant only). */
  public Path ca() {
    return ca;
  }

  /** What the registry logged so far. */
  public List<String> log() throws IOException {
    return Files.readAllLines(dir.resolve("registry.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
