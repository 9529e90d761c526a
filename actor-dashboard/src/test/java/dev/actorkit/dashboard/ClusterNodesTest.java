package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.ActorAutoConfiguration;
import dev.actorkit.cluster.Cluster;
import dev.actorkit.cluster.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The Nodes view of an application that runs an actor-cluster node: two real nodes on 127.0.0.1. */
class ClusterNodesTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, DashboardAutoConfiguration.class));

    private final int fooPort = freePort();
    private final int barPort = freePort();
    private final Scheduler barScheduler = Scheduler.create();
    private final Cluster bar = Cluster.start(barScheduler, node("bar", barPort));
    private final Scheduler fooScheduler = Scheduler.create();

    @AfterEach
    void stopNodes() {
        bar.close();
        barScheduler.close();
        fooScheduler.close();
    }

    @Test
    void theNodesViewListsThisNodeAndTheNodesConnectedToIt() {
        runner.withBean(Cluster.class, () -> Cluster.start(fooScheduler, node("foo", fooPort)))
                .run(context -> {
                    Dashboard dashboard = context.getBean(Dashboard.class);

                    await().atMost(Duration.ofSeconds(20)).until(() -> dashboard.nodes().nodes().size() == 2);

                    assertThat(dashboard.nodes().clusterPresent()).isTrue();
                    assertThat(dashboard.nodes().nodes()).extracting(NodeSummary::name, NodeSummary::status, NodeSummary::self)
                            .containsExactlyInAnyOrder(Tuple.tuple("foo", "up", true),
                                    Tuple.tuple("bar", "up", false));
                    assertThat(dashboard.nodes().nodes()).filteredOn(node -> node.name().equals("bar"))
                            .extracting(NodeSummary::incarnation).containsExactly(bar.self().incarnation());
                });
    }

    @Test
    void withoutAClusterBeanTheNodesViewSaysTheApplicationRunsOnASingleNode() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(NodeSource.class);
            assertThat(context.getBean(Dashboard.class).nodes().clusterPresent()).isFalse();
        });
    }

    @Test
    void withoutTheClusterModuleOnTheClassPathTheDashboardStillStarts() {
        runner.withClassLoader(new FilteredClassLoader(Cluster.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Dashboard.class).doesNotHaveBean(NodeSource.class));
    }

    private ClusterConfig node(String name, int port) {
        // Plain text is enough here: the test is about what the page shows, not about the cluster's links.
        return ClusterConfig.builder(name).clusterName("dashboard-nodes-test").bind("127.0.0.1", port)
                .staticMembers("127.0.0.1:" + fooPort, "127.0.0.1:" + barPort).insecure().build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
