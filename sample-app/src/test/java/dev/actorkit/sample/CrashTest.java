package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.test.ProcessAwait;
import dev.actorkit.test.TestProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** Crashes injected through the runtime while clients are connected: the server stays up. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kv.port=0")
class CrashTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Value("${local.kv.port}")
    int port;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ProcessRef<BucketRegistry> registry;

    @Autowired
    ProcessRef<Acceptor> acceptor;

    @Autowired
    MeterRegistry meters;

    @Test
    void aKilledBucketIsDroppedByTheRegistryAndTheOtherBucketsKeepTheirData() {
        try (KvClient client = new KvClient(port); TestProbe probe = TestProbe.create(scheduler)) {
            client.send("CREATE doomed");
            client.send("CREATE survivor");
            client.send("PUT survivor milk 1");
            ProcessRef<Bucket> doomed = bucket("doomed").orElseThrow();
            probe.monitor(doomed);

            scheduler.exit(doomed, ExitReason.KILL);

            assertThat(probe.expectDown(doomed, WAIT).reason()).isEqualTo(ExitReason.KILLED);
            await().atMost(WAIT).until(() -> bucket("doomed").isEmpty());
            assertThat(client.send("GET doomed milk")).isEqualTo("NOT FOUND");
            assertThat(client.send("GET survivor milk")).isEqualTo("1\nOK");
        }
    }

    @Test
    void aKilledConnectionClosesItsClientWhileAnotherClientKeepsWorking() {
        Set<ProcessRef<?>> before = connections();
        try (KvClient victim = new KvClient(port)) {
            victim.send("CREATE killconn");                    // answered: its process is running
            ProcessRef<?> serving = await().atMost(WAIT).until(() -> newConnections(before), Optional::isPresent).orElseThrow();
            try (KvClient other = new KvClient(port)) {
                other.send("PUT killconn milk 2");

                scheduler.exit(serving, ExitReason.KILL);

                assertThat(victim.isClosedByServer()).isTrue();
                assertThat(other.send("GET killconn milk")).isEqualTo("2\nOK");
            }
        }
    }

    @Test
    void aKilledRegistryRestartsEmptyStopsItsBucketsAndTheServerKeepsAnswering() {
        try (KvClient client = new KvClient(port); TestProbe probe = TestProbe.create(scheduler)) {
            client.send("CREATE beforecrash");
            ProcessRef<Bucket> bucket = bucket("beforecrash").orElseThrow();
            probe.monitor(bucket);
            Pid crashed = registry.pid();

            scheduler.exit(registry, ExitReason.KILL);

            ProcessAwait.awaitRestart(registry, crashed, WAIT);
            assertThat(probe.expectDown(bucket, WAIT).reason()).isEqualTo(ExitReason.KILLED);
            assertThat(client.send("GET beforecrash milk")).isEqualTo("NOT FOUND");
            assertThat(client.send("CREATE aftercrash")).isEqualTo("OK");
            assertThat(client.send("PUT aftercrash milk 1")).isEqualTo("OK");
        }
    }

    @Test
    void aKilledAcceptorIsRestartedOnTheSamePortAndConnectedClientsKeepWorking() {
        try (KvClient connected = new KvClient(port)) {
            connected.send("CREATE acceptorcrash");
            Pid crashed = acceptor.pid();

            scheduler.exit(acceptor, ExitReason.KILL);

            ProcessAwait.awaitRestart(acceptor, crashed, WAIT);
            assertThat(connected.send("PUT acceptorcrash milk 3")).isEqualTo("OK");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                try (KvClient newcomer = new KvClient(port)) {
                    assertThat(newcomer.send("GET acceptorcrash milk")).isEqualTo("3\nOK");
                }
            });
        }
    }

    @Test
    void connectionsKilledAfterAnAcceptorRestartStillHaveTheirSocketsClosed() {
        await().atMost(WAIT).until(() -> openConnections() == 0);  // the other tests' clients have gone
        List<KvClient> clients = List.of(new KvClient(port), new KvClient(port), new KvClient(port));
        try {
            clients.forEach(client -> assertThat(client.send("HELLO")).isEqualTo("UNKNOWN COMMAND"));
            List<ProcessRef<?>> serving = List.copyOf(connections());
            assertThat(serving).hasSize(3);
            assertThat(openConnections()).isEqualTo(3);
            Pid crashed = acceptor.pid();

            scheduler.exit(acceptor, ExitReason.KILL);
            ProcessAwait.awaitRestart(acceptor, crashed, WAIT);
            serving.forEach(connection -> scheduler.exit(connection, ExitReason.KILL));

            clients.forEach(client -> assertThat(client.isClosedByServer()).isTrue());
            await().atMost(WAIT).until(() -> openConnections() == 0);
        } finally {
            clients.forEach(KvClient::close);
        }
    }

    /** The key-value store's gauge of open client sockets. */
    private double openConnections() {
        return meters.get("kv.connections").gauge().value();
    }

    private Optional<ProcessRef<Bucket>> bucket(String name) {
        return registry.call(new BucketRegistry.Lookup(name));
    }

    /** The connection processes the acceptor monitors: one per connected client. */
    private Set<ProcessRef<?>> connections() {
        return Set.copyOf(scheduler.info(acceptor).orElseThrow().monitors());
    }

    /** The one connection process started since {@code before}, if exactly one was. */
    private Optional<ProcessRef<?>> newConnections(Set<ProcessRef<?>> before) {
        Set<Pid> old = before.stream().map(ProcessRef::pid).collect(Collectors.toSet());
        List<ProcessRef<?>> started = connections().stream().filter(c -> !old.contains(c.pid())).toList();
        return started.size() == 1 ? Optional.of(started.getFirst()) : Optional.empty();
    }
}
