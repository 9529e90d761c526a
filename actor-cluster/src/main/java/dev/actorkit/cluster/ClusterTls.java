package dev.actorkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where a node finds its certificate, its private key and the cluster's CA: every link between nodes is
 * TLS 1.3 with mutual authentication, and a peer whose certificate the CA did not sign cannot join.
 * Immutable and thread-safe; the files are read when the cluster starts.
 */
public final class ClusterTls {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

    private final Source source;

    private ClusterTls(Source source) {
        this.source = source;
    }

    /**
     * PEM files, as most tools write them.
     *
     * @param certificateChain this node's certificate, followed by any intermediate CA certificates
     * @param privateKey       this node's private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
     * @param trustedCa        the cluster's CA certificate(s): only peers they signed are accepted
     */
    public static ClusterTls pem(Path certificateChain, Path privateKey, Path trustedCa) {
        return new ClusterTls(new Pem(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), Objects.requireNonNull(trustedCa, "trustedCa")));
    }

    /**
     * Key stores (PKCS#12 for {@code .p12}/{@code .pfx}, JKS for {@code .jks}).
     *
     * @param keyStore   holds this node's private key and certificate chain
     * @param password   the key store's password, also used for the key
     * @param trustStore holds the cluster's CA certificate(s)
     * @param trustStorePassword the trust store's password
     */
    public static ClusterTls keyStore(Path keyStore, char[] password, Path trustStore, char[] trustStorePassword) {
        return new ClusterTls(new Stores(Objects.requireNonNull(keyStore, "keyStore"), password.clone(),
                Objects.requireNonNull(trustStore, "trustStore"), trustStorePassword.clone()));
    }

    /**
     * A context built elsewhere (for example from a Spring Boot SSL bundle). Its trust managers must accept
     * only the cluster's CA: they decide who may join.
     */
    public static ClusterTls sslContext(SSLContext context) {
        return new ClusterTls(new Given(Objects.requireNonNull(context, "context")));
    }

    /** Builds the TLS 1.3 context; reports a missing or unreadable file with its path. */
    public SSLContext createContext() {
        return switch (source) {
            case Given given -> given.context();
            case Pem pem -> fromPem(pem);
            case Stores stores -> fromStores(stores);
        };
    }

    @Override
    public String toString() {
        return "ClusterTls[" + source + "]";
    }

    private sealed interface Source permits Pem, Stores, Given {
    }

    private record Pem(Path chain, Path key, Path ca) implements Source {
    }

    private record Stores(Path keyStore, char[] password, Path trustStore, char[] trustPassword) implements Source {
        @Override
        public String toString() {
            return "Stores[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
        }
    }

    private record Given(SSLContext context) implements Source {
    }

    private static SSLContext fromPem(Pem pem) {
        List<X509Certificate> chain = certificates(pem.chain(), "certificate chain");
        PrivateKey key = privateKey(pem.key());
        List<X509Certificate> cas = certificates(pem.ca(), "trusted CA");
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", key, password, chain.toArray(Certificate[]::new));
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return context(keys, password, trust);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context from " + pem + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext fromStores(Stores stores) {
        try {
            KeyStore keys = load(stores.keyStore(), stores.password());
            KeyStore trust = load(stores.trustStore(), stores.trustPassword());
            return context(keys, stores.password(), trust);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context from " + stores + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyStore keys, char[] password, KeyStore trust) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static KeyStore load(Path path, char[] password) throws GeneralSecurityException, IOException {
        String file = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = file.endsWith(".jks") ? "JKS" : file.endsWith(".p12") || file.endsWith(".pfx") ? "PKCS12"
                : KeyStore.getDefaultType();
        requireReadable(path, "key store");
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }

    private static List<X509Certificate> certificates(Path path, String what) {
        requireReadable(path, what);
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : read) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the " + what + " file " + path + " holds no PEM certificate"
                        + " (expected -----BEGIN CERTIFICATE----- blocks)");
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + path + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path path) {
        requireReadable(path, "private key");
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the private key file " + path + ": " + e.getMessage(), e);
        }
        Matcher matcher = PEM_KEY.matcher(text);
        if (!matcher.find() || !matcher.group(1).isEmpty()) {
            throw new IllegalArgumentException("the private key file " + path + " must hold an unencrypted PKCS#8 key"
                    + " (-----BEGIN PRIVATE KEY-----); convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem`");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next key algorithm: PKCS#8 names it inside, but KeyFactory needs it up front
            }
        }
        throw new IllegalArgumentException("the private key in " + path + " is not an EC, RSA or EdDSA PKCS#8 key");
    }

    private static void requireReadable(Path path, String what) {
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("the " + what + " file " + path + " does not exist or cannot be read");
        }
    }
}
