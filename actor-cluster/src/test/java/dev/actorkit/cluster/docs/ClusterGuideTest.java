package dev.actorkit.cluster.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.Call;
import dev.actorkit.Down;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.Cluster;
import dev.actorkit.cluster.ClusterConfig;
import dev.actorkit.cluster.ClusterTls;
import dev.actorkit.cluster.NodeId;
// end::imports[]
import dev.actorkit.cluster.TestCertificates;
import dev.actorkit.cluster.TlsClusterTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/cluster.md: two nodes, foo and bar, in this JVM, over TLS on 127.0.0.1. */
class ClusterGuideTest {

    // tag::messages[]
    sealed interface KvCommand permits Put, Get { }
    record Put(String key, String value) implements KvCommand { }
    record Get(String key) implements KvCommand { }
    record Value(String key, String value) { }
    // end::messages[]

    @TempDir
    Path certs;

    private final Scheduler fooScheduler = Scheduler.create();
    private final Scheduler barScheduler = Scheduler.create();
    private Cluster foo;
    private Cluster bar;
    private int fooPort;
    private int barPort;

    @BeforeEach
    void startNodes() {
        TestCertificates ca = TestCertificates.authority("cluster", certs); // cluster-ca.pem
        ca.node("foo");                                                       // cluster-foo.pem, cluster-foo.key
        ca.node("bar");
        fooPort = TlsClusterTest.freePort();
        barPort = TlsClusterTest.freePort();
        foo = Cluster.start(fooScheduler, config("foo", fooPort));
        bar = Cluster.start(barScheduler, config("bar", barPort));
        await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
    }

    private ClusterConfig config(String node, int port) {
        // tag::config[]
        ClusterConfig config = ClusterConfig.builder(node)                 // this node's name: "foo" or "bar"
                .bind("127.0.0.1", port)
                .staticMembers("127.0.0.1:" + fooPort, "127.0.0.1:" + barPort)
                .tls(ClusterTls.pem(
                        certs.resolve("cluster-" + node + ".pem"),         // this node's certificate
                        certs.resolve("cluster-" + node + ".key"),         // its private key (PKCS#8)
                        certs.resolve("cluster-ca.pem")))                  // the CA that signed every node
                .allow(KvCommand.class, Value.class)                       // the messages that may cross
                .build();
        // end::config[]
        return config;
    }

    @AfterEach
    void stop() {
        foo.close();
        bar.close();
        fooScheduler.close();
        barScheduler.close();
    }

    private void startKvOnBar() {
        // tag::kv[]
        ProcessRef<Object> kv = barScheduler.spawn(ctx -> {
            java.util.Map<String, String> store = new java.util.HashMap<>();
            while (true) {
                switch (ctx.receive()) {
                    case Put(String key, String value) -> store.put(key, value);
                    case Call call when call.request() instanceof Get(String key) ->
                            call.reply(new Value(key, store.get(key)));
                    default -> { }
                }
            }
        });
        barScheduler.register("kv", kv);                                   // a local name on bar
        // end::kv[]
    }

    @Test
    void aProcessOnFooTalksToAProcessRegisteredOnBar() {
        startKvOnBar();
        // tag::remote[]
        foo.send("bar", "kv", new Put("milk", "1"));                       // {kv, bar} ! {put, milk, 1}

        ProcessRef<Object> kv = foo.whereis("bar", "kv", Duration.ofSeconds(5)).orElseThrow();
        Value value = kv.call(new Get("milk"), Duration.ofSeconds(5));    // a call across nodes
        // end::remote[]
        assertThat(value).isEqualTo(new Value("milk", "1"));
        // tag::nodes[]
        List<NodeId> nodes = foo.nodes();                                  // [bar#1733...]: erlang:nodes()
        // end::nodes[]
        assertThat(nodes).extracting(NodeId::name).containsExactly("bar");
    }

    @Test
    void aMonitorOnARemoteProcessFiresWithNoconnectionWhenItsNodeGoes() throws Exception {
        startKvOnBar();
        ProcessRef<Object> kv = foo.whereis("bar", "kv", Duration.ofSeconds(5)).orElseThrow();
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        ProcessRef<Object> watcher = fooScheduler.spawn(ctx -> {
            while (true) {
                inbox.add(ctx.receive());
            }
        });
        // tag::monitor[]
        MonitorRef monitor = foo.monitor(watcher, kv);                     // the watcher gets a Down
        CompletableFuture<ExitReason> exit = kv.termination();
        kv.call(new Get("barrier"), Duration.ofSeconds(5));
        bar.close();                                                       // or kill -9, or a pulled cable

        exit.get(5, TimeUnit.SECONDS);                                     // NOCONNECTION
        // end::monitor[]
        assertThat(exit).isCompletedWithValue(ExitReason.NOCONNECTION);
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(new Down(monitor, kv, ExitReason.NOCONNECTION));
    }

    @Test
    void aGlobalNameAndAGroupAreSeenOnEveryNode() {
        startKvOnBar();
        ProcessRef<?> kv = barScheduler.whereis("kv").orElseThrow();
        // tag::global[]
        bar.global().register("kv-primary", kv);                           // global:register_name/2
        bar.groups().join("kv-replicas", kv);                              // pg:join/2

        await().until(() -> foo.global().whereis("kv-primary").isPresent()
                && foo.groups().members("kv-replicas").size() == 1);
        foo.global().send("kv-primary", new Put("eggs", "12"));            // global:send/2
        // end::global[]
        ProcessRef<Object> remoteKv = foo.global().whereis("kv-primary").orElseThrow();
        assertThat(remoteKv.<Value>call(new Get("eggs"), Duration.ofSeconds(5))).isEqualTo(new Value("eggs", "12"));
    }
}
