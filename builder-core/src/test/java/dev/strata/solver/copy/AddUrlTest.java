package dev.strata.solver.copy;

import static dev.strata.solver.copy.CopyFixture.mode;
import static dev.strata.solver.copy.CopyFixture.mtime;
import static dev.strata.solver.copy.CopyFixture.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.strata.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD from http URLs, served by a local server. */
class AddUrlTest {
  private static final byte[] BODY = "downloaded content\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  CopyFixture f;
  HttpServer server;
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    f = new CopyFixture(tmp);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serve("/files/tool.sh", 200, BODY, "Tue, 15 Nov 1994 08:12:31 GMT");
    serve("/nodate", 200, BODY, null);
    serve("/", 200, BODY, null);
    serve("/missing", 404, "no".getBytes(StandardCharsets.UTF_8), null);
    serve("/app.tar.gz", 200, TarMaker.gzip(new TarMaker().file("inside", "i").bytes()), null);
    server.createContext(
        "/redirect",
        ex -> {
          ex.getResponseHeaders().add("Location", url("/files/tool.sh"));
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
    f.close();
  }

  private void serve(String path, int status, byte[] body, String lastModified) {
    server.createContext(
        path,
        ex -> {
          if (!ex.getRequestURI().getPath().equals(path)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
          if (lastModified != null) {
            ex.getResponseHeaders().add("Last-Modified", lastModified);
          }
          ex.sendResponseHeaders(status, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void aUrlIsDownloadedUnderItsPathsLastNameWithMode0600AndLastModified() {
    f.run(f.add(url("/files/tool.sh")).destination("/usr/local/bin/"));
    Path out = f.out("usr/local/bin/tool.sh");
    assertThat(f.read("usr/local/bin/tool.sh")).isEqualTo("downloaded content\n");
    assertThat(mode(out)).isEqualTo(0600);
    assertThat(uid(out)).isZero();
    assertThat(mtime(out)).isEqualTo(Instant.parse("1994-11-15T08:12:31Z"));
  }

  @Test
  void withoutLastModifiedTheTimeIsTheEpoch() {
    f.run(f.add(url("/nodate")).destination("/d/"));
    assertThat(mtime(f.out("d/nodate"))).isEqualTo(Instant.EPOCH);
  }

  @Test
  void aUrlWithoutAPathNameIsUnnamed() {
    f.run(f.add(url("/")).destination("/d/"));
    assertThat(f.read("d/__unnamed__")).isEqualTo("downloaded content\n");
  }

  @Test
  void aDestinationWithoutSlashNamesTheFile() {
    f.run(f.add(url("/files/tool.sh")).destination("/bar").chmod("755"));
    assertThat(f.read("bar")).isEqualTo("downloaded content\n");
    assertThat(mode(f.out("bar"))).isEqualTo(0755);
  }

  @Test
  void redirectsAreFollowed() {
    f.run(f.add(url("/redirect")).destination("/r"));
    assertThat(f.read("r")).isEqualTo("downloaded content\n");
  }

  @Test
  void aMatchingChecksumPassesAndAWrongOneFailsBeforeWriting() {
    String good = Digest.sha256(BODY).toString();
    f.run(f.add(url("/files/tool.sh")).checksum(good).destination("/ok"));
    assertThat(f.read("ok")).isEqualTo("downloaded content\n");
    String bad = Digest.sha256("other").toString();
    assertThatThrownBy(() -> f.run(f.add(url("/files/tool.sh")).checksum(bad).destination("/bad")))
        .isInstanceOf(CopyException.class)
        .hasMessage(
            "digest mismatch for "
                + url("/files/tool.sh")
                + ": "
                + good
                + " (expected: "
                + bad
                + ")");
    assertThat(f.exists("bad")).isFalse();
  }

  @Test
  void checksumRulesOfTheFrontend() {
    f.file("local", "l");
    assertThatThrownBy(() -> f.run(f.copy("local").checksum("sha256:00").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessage("checksum can't be specified for COPY");
    assertThatThrownBy(
            () -> f.run(f.add(url("/nodate"), url("/")).checksum("sha256:00").destination("/x/")))
        .isInstanceOf(CopyException.class)
        .hasMessage("checksum can't be specified for multiple sources");
    assertThatThrownBy(() -> f.run(f.add("local").checksum("sha256:00").destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessage("checksum requires HTTP(S) or Git sources");
    String sha512 = "sha512:" + "0".repeat(128);
    assertThatThrownBy(() -> f.run(f.add(url("/nodate")).checksum(sha512).destination("/x")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("only sha256");
  }

  @Test
  void anErrorStatusFails() {
    assertThatThrownBy(() -> f.run(f.add(url("/missing")).destination("/m")))
        .isInstanceOf(CopyException.class)
        .hasMessage("cannot download " + url("/missing") + ": invalid response status 404");
  }

  @Test
  void remoteArchivesAreNotExtractedUnlessAsked() {
    f.run(f.add(url("/app.tar.gz")).destination("/d/"));
    assertThat(f.exists("d/app.tar.gz")).isTrue();
    f.run(f.add(url("/app.tar.gz")).unpack(true).destination("/u/"));
    assertThat(f.read("u/inside")).isEqualTo("i");
  }

  @Test
  void theDigestAndTheCopySeeOneDownload() {
    CopyRequest r = f.add(url("/files/tool.sh")).destination("/t").build();
    assertThat(f.copier.sourceDigest(r)).isEqualTo(f.copier.sourceDigest(r));
    f.copier.copy(r, f.rootfs);
    assertThat(hits.get("/files/tool.sh")).hasValue(1);
  }

  @Test
  void aChecksummedUrlIsKeyedWithoutDownloading() {
    String good = Digest.sha256(BODY).toString();
    CopyRequest r = f.add(url("/files/tool.sh")).checksum(good).destination("/t").build();
    f.copier.sourceDigest(r);
    assertThat(hits.get("/files/tool.sh")).isNull();
  }

  @Test
  void gitSourcesAreRefusedAsNotSupported() {
    assertThatThrownBy(
            () -> f.run(f.add("https://github.com/moby/buildkit.git#v0.10.1").destination("/b")))
        .isInstanceOf(CopyException.class)
        .hasMessage(
            "ADD from a Git repository is not supported: https://github.com/moby/buildkit.git#v0.10.1");
    assertThatThrownBy(() -> f.run(f.add("git@github.com:moby/buildkit.git").destination("/b")))
        .isInstanceOf(CopyException.class)
        .hasMessageContaining("not supported");
  }

  @Test
  void credentialsInAUrlAreNotShownInErrors() {
    String withPassword = url("/missing").replace("http://", "http://user:hunter2@");
    assertThatThrownBy(() -> f.run(f.add(withPassword).destination("/m")))
        .isInstanceOf(CopyException.class)
        .hasMessageNotContaining("hunter2");
  }
}
