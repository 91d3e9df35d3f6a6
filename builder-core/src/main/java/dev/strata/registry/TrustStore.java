package dev.strata.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context for registries: the system's trusted CAs, plus the PEM file of {@code --tls-ca}.
 */
final class TrustStore {
  private TrustStore() {}

  static SSLContext context(Optional<Path> extraCa) {
    try {
      if (extraCa.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      int n = 0;
      for (TrustManager tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            ks.setCertificateEntry("system-" + n++, c);
          }
        }
      }
      Path ca = extraCa.get();
      int added = 0;
      try (InputStream in = Files.newInputStream(ca)) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          ks.setCertificateEntry("tls-ca-" + added++, c);
        }
      } catch (IOException e) {
        throw new RegistryException("cannot read --tls-ca " + ca + ": " + e.getMessage());
      } catch (GeneralSecurityException e) {
        throw new RegistryException("--tls-ca " + ca + " holds no PEM certificate");
      }
      if (added == 0) {
        throw new RegistryException("--tls-ca " + ca + " holds no PEM certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new RegistryException("cannot set up TLS: " + e.getMessage());
    }
  }
}
