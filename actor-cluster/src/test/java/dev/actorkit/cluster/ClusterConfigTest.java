package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings are refused with a message that says what is wrong and how to fix it. */
class ClusterConfigTest {

    @TempDir
    Path dir;

    @Test
    void aNodeWithoutTlsAndWithoutTheInsecureSwitchIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("foo").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no TLS settings")
                .hasMessageContaining("ClusterTls.pem")
                .hasMessageContaining("insecure()");
    }

    @Test
    void tlsAndInsecureTogetherAreRefused() {
        ClusterTls tls = TestCertificates.authority("c", dir).node("foo");
        assertThatThrownBy(() -> ClusterConfig.builder("foo").tls(tls).insecure().build())
                .hasMessageContaining("choose one");
    }

    @Test
    void aStaticMemberThatIsNotHostColonPortIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("foo").staticMembers("10.0.0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port")
                .hasMessageContaining("10.0.0.5");
        assertThatThrownBy(() -> ClusterConfig.builder("foo").staticMembers("h:notaport"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeartbeatTimeoutNotLongerThanTheSuspicionTimeoutIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("foo").insecure().suspicionTimeout(Duration.ofSeconds(2))
                .heartbeatTimeout(Duration.ofSeconds(1)).build())
                .hasMessageContaining("heartbeatTimeout");
    }

    @Test
    void aNodeNameWithAHashOrBlankIsRefused() {
        assertThatThrownBy(() -> ClusterConfig.builder("a#b")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> ClusterConfig.builder(" ")).hasMessageContaining("non-blank");
    }

    @Test
    void missingPemFilesAreNamedInTheError() {
        ClusterTls tls = ClusterTls.pem(dir.resolve("node.pem"), dir.resolve("node.key"), dir.resolve("ca.pem"));
        assertThatThrownBy(tls::createContext)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node.pem")
                .hasMessageContaining("does not exist");
    }

    @Test
    void anEncryptedOrNonPkcs8KeyIsRefusedWithHowToConvertIt() throws Exception {
        TestCertificates ca = TestCertificates.authority("c", dir);
        ca.node("foo");
        Path key = dir.resolve("rsa.key");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        ClusterTls tls = ClusterTls.pem(dir.resolve("c-foo.pem"), key, ca.caFile());
        assertThatThrownBy(tls::createContext)
                .hasMessageContaining("PKCS#8")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void pemFilesFromTheTestCaMakeATls13Context() {
        ClusterTls tls = TestCertificates.authority("c", dir).node("foo");
        assertThat(tls.createContext().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aMissingKeyStoreIsNamedInTheError() {
        ClusterTls tls = ClusterTls.keyStore(dir.resolve("node.p12"), "pw".toCharArray(), dir.resolve("trust.p12"),
                "pw".toCharArray());
        assertThatThrownBy(tls::createContext).hasMessageContaining("node.p12");
    }
}
