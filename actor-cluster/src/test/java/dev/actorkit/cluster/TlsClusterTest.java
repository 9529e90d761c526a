package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Call;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Echo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes on real TCP with TLS 1.3 and mutual authentication, in this JVM, on 127.0.0.1. */
public class TlsClusterTest {

    @TempDir
    static Path certificates;
    static TestCertificates clusterCa;
    static TestCertificates otherCa;

    private final Scheduler scheduler = Scheduler.create();
    private final List<Cluster> nodes = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() {
        clusterCa = TestCertificates.authority("cluster", certificates);
        otherCa = TestCertificates.authority("intruder", certificates);
    }

    @AfterEach
    void stop() {
        nodes.forEach(Cluster::close);
        scheduler.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cluster start(String name, int port, int[] members, java.util.function.UnaryOperator<ClusterConfig.Builder> security) {
        ClusterConfig.Builder builder = ClusterConfig.builder(name).clusterName("tls-test").bind("127.0.0.1", port)
                .allow(TestMessages.ALLOWED).joinTimeout(Duration.ofMillis(1500));
        for (int member : members) {
            builder.staticMembers("127.0.0.1:" + member);
        }
        Cluster node = Cluster.start(scheduler, security.apply(builder).build());
        nodes.add(node);
        return node;
    }

    @Test
    void twoNodesWithCertificatesFromTheClusterCaJoinAndCallEachOther() {
        int[] ports = {freePort(), freePort()};
        Cluster foo = start("foo", ports[0], ports, b -> b.tls(clusterCa.node("foo")));
        Cluster bar = start("bar", ports[1], ports, b -> b.tls(clusterCa.node("bar")));
        await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);

        ProcessRef<Object> echo = scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call && call.request() instanceof Echo(String text)) {
                    call.reply(new Echo(text + "!"));
                }
            }
        });
        scheduler.register("echo", echo);

        ProcessRef<Object> remoteEcho = foo.whereis("bar", "echo", Duration.ofSeconds(5)).orElseThrow();
        assertThat(remoteEcho.<Echo>call(new Echo("hello"), Duration.ofSeconds(5))).isEqualTo(new Echo("hello!"));
        assertThat(foo.nodes()).extracting(NodeId::name).containsExactly("bar");
    }

    @Test
    void aNodeWhoseCertificateAnotherCaSignedCannotJoin() {
        int[] ports = {freePort(), freePort()};
        Cluster foo = start("foo", ports[0], ports, b -> b.tls(clusterCa.node("foo")));
        // start() returns once the intruder has given up looking for peers and formed a cluster alone
        Cluster intruder = start("intruder", ports[1], ports, b -> b.tls(otherCa.node("intruder")));

        assertThat(intruder.nodes()).isEmpty();
        assertThat(foo.nodes()).isEmpty();
    }

    @Test
    void aNodeWhoseCertificateIsForAnotherNameIsRefusedWithALogLineThatSaysWhy() {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.actorkit.cluster.internal.ClusterNode");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            int[] ports = {freePort(), freePort()};
            Cluster foo = start("foo", ports[0], ports, b -> b.tls(clusterCa.node("foo")));
            // a valid certificate from the cluster's CA, but for "mallory": it may not call itself "bar"
            Cluster bar = start("bar", ports[1], ports, b -> b.tls(clusterCa.node("mallory")));

            await().atMost(Duration.ofSeconds(20)).until(() -> errors.stream().anyMatch(line ->
                    line.contains("refuses bar#") && line.contains("CN=mallory")));
            assertThat(errors).anySatisfy(line -> assertThat(line)
                    .contains("claims the node name 'bar'").contains("certificateNames"));
            assertThat(foo.nodes()).extracting(NodeId::name).doesNotContain("bar");
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void aCertificateNameMappingLetsANodeUseANameItsCertificateDoesNotSpellOut() {
        int[] ports = {freePort(), freePort()};
        java.util.function.UnaryOperator<ClusterConfig.Builder> mapping = b -> b.certificateNames(certificate ->
                java.util.Set.of(ClusterConfig.commonNameAndDnsNames(certificate).contains("host-1") ? "foo" : "bar"));
        Cluster foo = start("foo", ports[0], ports, b -> mapping.apply(b.tls(clusterCa.node("host-1"))));
        Cluster bar = start("bar", ports[1], ports, b -> mapping.apply(b.tls(clusterCa.node("host-2"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
        assertThat(foo.nodes()).extracting(NodeId::name).containsExactly("bar");
    }

    @Test
    void aPlainTextNodeCannotJoinATlsCluster() {
        int[] ports = {freePort(), freePort()};
        Cluster foo = start("foo", ports[0], ports, b -> b.tls(clusterCa.node("foo")));
        Cluster plain = start("plain", ports[1], ports, ClusterConfig.Builder::insecure);

        assertThat(plain.nodes()).isEmpty();
        assertThat(foo.nodes()).isEmpty();
    }

    @Test
    void garbageBytesOnTheClusterPortAreRefusedAndTheNodeKeepsWorking() throws Exception {
        int[] ports = {freePort(), freePort()};
        Cluster foo = start("foo", ports[0], ports, b -> b.tls(clusterCa.node("foo")));
        Cluster bar = start("bar", ports[1], ports, b -> b.tls(clusterCa.node("bar")));
        await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
        scheduler.register("echo", scheduler.spawn(ctx -> {
            while (true) {
                if (ctx.receive() instanceof Call call) {
                    call.reply(call.request());
                }
            }
        }));

        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(garbage);
        for (int attempt = 0; attempt < 20; attempt++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", ports[1])) {
                socket.getOutputStream().write(garbage);
                socket.getOutputStream().flush();
                // the TLS server answers garbage with an alert and closes: read until it does
                socket.setSoTimeout(10_000);
                while (socket.getInputStream().read() >= 0) {
                    // drain
                }
            } catch (java.io.IOException closedByTheNode) {
                // a reset is also a refusal
            }
        }

        ProcessRef<Object> echo = foo.whereis("bar", "echo", Duration.ofSeconds(5)).orElseThrow();
        assertThat(echo.<Echo>call(new Echo("still fine"), Duration.ofSeconds(5))).isEqualTo(new Echo("still fine"));
        assertThat(foo.nodes()).extracting(NodeId::name).containsExactly("bar");
    }
}
