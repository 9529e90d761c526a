package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery by DNS (JGroups' DNS_PING), as for a Kubernetes headless service, against a DNS server this
 * test runs on 127.0.0.1. The service name's A record is 127.0.0.1; both nodes live on that one address, so
 * they use two ports of a {@code dnsPortRange} (in Kubernetes each pod has its own address and the range
 * stays 0).
 */
class DnsDiscoveryTest {

    private static final String SERVICE = "kv-headless.test.svc";

    @TempDir
    Path certificates;

    private final Scheduler scheduler = Scheduler.create();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose.reversed()) {
            closeable.close();
        }
        scheduler.close();
    }

    @Test
    void twoNodesFindEachOtherThroughTheARecordOfTheirServiceName() throws Exception {
        TinyDnsServer dns = new TinyDnsServer();
        toClose.add(dns);
        dns.host(SERVICE);
        TestCertificates ca = TestCertificates.authority("dns", certificates);
        int port = twoFreePorts();

        Cluster foo = start("foo", port + 1, port, ca, dns); // alone: nobody answers on port .. port + 1
        Cluster bar = start("bar", port, port, ca, dns);     // finds foo on port + 1 of the A record's host

        await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
        assertThat(foo.nodes()).extracting(NodeId::name).containsExactly("bar");
        assertThat(dns.questions).contains("A " + SERVICE);
    }

    private Cluster start(String name, int bindPort, int basePort, TestCertificates ca, TinyDnsServer dns) {
        Cluster node = Cluster.start(scheduler, ClusterConfig.builder(name).clusterName("dns-test")
                .bind("127.0.0.1", bindPort).dnsQuery(SERVICE).dnsServer(dns.address()).dnsPortRange(1)
                .tls(ca.node(name)).allow(TestMessages.ALLOWED).joinTimeout(Duration.ofMillis(1500)).build());
        toClose.add(node);
        return node;
    }

    /** A port p such that p and p + 1 are both free on 127.0.0.1 now. */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = TlsClusterTest.freePort();
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another pair
            }
        }
        throw new IOException("no two adjacent free ports on 127.0.0.1");
    }
}
