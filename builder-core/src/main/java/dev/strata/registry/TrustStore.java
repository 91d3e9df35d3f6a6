package dev.strata.registry;

import com.google.common.base.Suppliers;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context for registries: the system's trusted CAs, plus the PEM file of {@code --tls-ca}.
 */
final class TrustStore {
  private TrustStore() {}

  /**
   * Gives {@code b} the TLS context for {@code extraCa}. Without one, the system's context is made
   * on the first TLS connection rather than with the client: loading the system trust store takes
   * about 0.2 s, which a registry spoken to in plain HTTP never needs. The client is then given
   * empty parameters (the engine's defaults), as asking the context for its defaults would make it.
   * A {@code --tls-ca} file is read at once, so that a bad one is reported whatever the scheme.
   */
  static HttpClient.Builder configure(HttpClient.Builder b, Optional<Path> extraCa) {
    if (extraCa.isPresent()) {
      return b.sslContext(context(extraCa));
    }
    return b.sslContext(new DeferredContext(Suppliers.memoize(() -> context(extraCa))))
        .sslParameters(new SSLParameters());
  }

  /** An SSLContext that makes the real one when it is first used, and delegates to it. */
  private static final class DeferredContext extends SSLContext {
    DeferredContext(Supplier<SSLContext> real) {
      super(new Spi(real), null, "TLS");
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> real;

    Spi(Supplier<SSLContext> real) {
      this.real = real;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw new UnsupportedOperationException("the deferred context is initialised already");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real.get().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real.get().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real.get().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real.get().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real.get().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real.get().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real.get().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real.get().getSupportedSSLParameters();
    }
  }

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
