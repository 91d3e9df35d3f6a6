package dev.strata.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Asks a registry host, over a bare socket, which scheme it speaks: whether it answers a TLS
 * ClientHello with a TLS record (a handshake or an alert: either way a TLS server), and whether it
 * answers {@code GET /v2/} in plain HTTP. Only the first bytes of the answer are read; nothing is
 * negotiated and no credentials are sent. This replaces a probe through the JDK's TLS stack, whose
 * start (the trust store, handshake classes, key generation) costs about 0.4 s, more than pushing a
 * small image to a local registry.
 */
final class SchemeProbe {
  private static final int HANDSHAKE = 0x16;
  private static final int ALERT = 0x15;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private SchemeProbe() {}

  /** Whether {@code host} ({@code name[:port]}, port 443 by default) answers TLS. */
  static boolean speaksTls(String host, Duration timeout) {
    byte[] answer = exchange(URI.create("https://" + host), 443, clientHello(), 2, timeout);
    return answer.length == 2
        && (answer[0] == HANDSHAKE || answer[0] == ALERT)
        && answer[1] == 0x03; // TLS record versions are 3.x
  }

  /** Whether {@code host} ({@code name[:port]}, port 80 by default) answers plain HTTP. */
  static boolean speaksHttp(String host, Duration timeout) {
    URI uri = URI.create("http://" + host);
    byte[] request =
        ("GET /v2/ HTTP/1.1\r\nHost: "
                + uri.getRawAuthority()
                + "\r\nUser-Agent: strata\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] answer = exchange(uri, 80, request, 5, timeout);
    return new String(answer, StandardCharsets.US_ASCII).equals("HTTP/");
  }

  /**
   * Sends {@code request} and reads up to {@code want} bytes of the answer: fewer (maybe none) when
   * the host cannot be reached (within 5 s at most), closes, or stays silent for {@code timeout}.
   */
  private static byte[] exchange(
      URI uri, int defaultPort, byte[] request, int want, Duration timeout) {
    int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
    try (Socket s = new Socket()) {
      // A host that takes longer than this to accept a connection is taken as unreachable.
      s.connect(
          new InetSocketAddress(uri.getHost(), port),
          (int) Math.min(timeout.toMillis(), CONNECT_TIMEOUT.toMillis()));
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      return in.readNBytes(want);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * A TLS 1.2 ClientHello with common ECDHE/RSA AES-GCM and ChaCha20 suites: enough for any TLS
   * server to answer with a ServerHello, or with an alert when it dislikes the offer.
   */
  static byte[] clientHello() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0x03);
    body.write(0x03); // client version TLS 1.2
    byte[] random = new byte[32];
    ThreadLocalRandom.current().nextBytes(random); // the handshake never completes
    body.writeBytes(random);
    body.write(0); // no session id
    int[] suites = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009c, 0x009d, 0x002f, 0x0035};
    u16(body, suites.length * 2);
    for (int suite : suites) {
      u16(body, suite);
    }
    body.write(1);
    body.write(0); // null compression only
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    extension(ext, 0x000a, new int[] {0x001d, 0x0017, 0x0018}); // supported groups
    u16(ext, 0x000b); // EC point formats: uncompressed
    u16(ext, 2);
    ext.write(1);
    ext.write(0);
    extension(
        ext, 0x000d, new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601});
    u16(body, ext.size());
    body.writeBytes(ext.toByteArray());
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(HANDSHAKE);
    record.write(0x03);
    record.write(0x01); // record version TLS 1.0, as clients send for compatibility
    u16(record, body.size() + 4);
    record.write(0x01); // ClientHello
    record.write(0);
    u16(record, body.size());
    record.writeBytes(body.toByteArray());
    return record.toByteArray();
  }

  /** An extension whose data is a 16-bit-length-prefixed list of 16-bit values. */
  private static void extension(ByteArrayOutputStream out, int type, int[] values) {
    u16(out, type);
    u16(out, values.length * 2 + 2);
    u16(out, values.length * 2);
    for (int v : values) {
      u16(out, v);
    }
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write((v >>> 8) & 0xff);
    out.write(v & 0xff);
  }
}
