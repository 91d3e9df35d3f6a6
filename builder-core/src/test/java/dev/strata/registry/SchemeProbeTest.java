package dev.strata.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class SchemeProbeTest {
  private static final Duration SHORT = Duration.ofSeconds(3);

  /** Serves one connection on loopback with {@code answer} on a thread; returns the port. */
  interface Answer {
    void answer(Socket s) throws IOException;
  }

  static int serve(ServerSocket server, Answer answer) {
    Thread t =
        new Thread(
            () -> {
              try (server;
                  Socket s = server.accept()) {
                answer.answer(s);
              } catch (IOException e) {
                // the probe hung up: nothing more to serve
              }
            });
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }

  static ServerSocket loopback() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @Test
  void aPlainHttpServerSpeaksHttpAndNotTls() throws IOException {
    AtomicReference<String> request = new AtomicReference<>();
    Answer http =
        s -> {
          byte[] buf = new byte[4096];
          int n = s.getInputStream().read(buf);
          request.set(new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
          s.getOutputStream()
              .write(
                  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
        };
    int port = serve(loopback(), http);
    assertThat(SchemeProbe.speaksTls("127.0.0.1:" + port, SHORT)).isFalse();
    port = serve(loopback(), http);
    assertThat(SchemeProbe.speaksHttp("127.0.0.1:" + port, SHORT)).isTrue();
    assertThat(request.get()).startsWith("GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
  }

  @Test
  void aTlsServerSpeaksTlsEvenWhenItRefusesTheHandshake() throws Exception {
    // The JDK's TLS server without a key: it answers the ClientHello with a handshake alert.
    SSLServerSocket tls =
        (SSLServerSocket)
            SSLContext.getDefault()
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    int port = serve(tls, s -> ((SSLSocket) s).startHandshake());
    assertThat(SchemeProbe.speaksTls("127.0.0.1:" + port, SHORT)).isTrue();
  }

  @Test
  void theClientHelloIsOneWellFormedHandshakeRecord() {
    byte[] hello = SchemeProbe.clientHello();
    assertThat(hello[0]).isEqualTo((byte) 0x16);
    int recordLength = ((hello[3] & 0xff) << 8) | (hello[4] & 0xff);
    assertThat(hello).hasSize(5 + recordLength);
    assertThat(hello[5]).as("ClientHello").isEqualTo((byte) 1);
    int helloLength = ((hello[6] & 0xff) << 16) | ((hello[7] & 0xff) << 8) | (hello[8] & 0xff);
    assertThat(helloLength).isEqualTo(recordLength - 4);
  }

  @Test
  void aSilentServerSpeaksNeitherWithinTheTimeout() throws IOException {
    Answer silent =
        s -> {
          InputStream in = s.getInputStream();
          in.read(new byte[4096]);
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Duration tiny = Duration.ofMillis(300);
    long start = System.nanoTime();
    assertThat(SchemeProbe.speaksTls("127.0.0.1:" + serve(loopback(), silent), tiny)).isFalse();
    assertThat(SchemeProbe.speaksHttp("127.0.0.1:" + serve(loopback(), silent), tiny)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aClosedPortSpeaksNeither() throws IOException {
    int port;
    try (ServerSocket s = loopback()) {
      port = s.getLocalPort();
    }
    assertThat(SchemeProbe.speaksTls("127.0.0.1:" + port, SHORT)).isFalse();
    assertThat(SchemeProbe.speaksHttp("127.0.0.1:" + port, SHORT)).isFalse();
  }

  @Test
  void aServerThatHangsUpSpeaksNeither() throws IOException {
    Answer hangUp = s -> {};
    assertThat(SchemeProbe.speaksTls("127.0.0.1:" + serve(loopback(), hangUp), SHORT)).isFalse();
    assertThat(SchemeProbe.speaksHttp("127.0.0.1:" + serve(loopback(), hangUp), SHORT)).isFalse();
  }
}
