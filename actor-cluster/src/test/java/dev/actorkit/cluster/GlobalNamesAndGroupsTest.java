package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.TestMessages.Echo;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erlang's global (cluster-wide unique names) and pg (process groups) across in-JVM nodes. */
class GlobalNamesAndGroupsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final LoopbackNodes nodes = new LoopbackNodes();
    private Cluster foo;
    private Cluster bar;

    @BeforeEach
    void startTwoNodes() {
        foo = nodes.start("foo");
        bar = nodes.start("bar");
        await().atMost(WAIT).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    private ProcessRef<Object> idleOn(Cluster node) {
        return nodes.scheduler(node).spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    private ProcessRef<Object> inboxOn(Cluster node, BlockingQueue<Object> queue) {
        return nodes.scheduler(node).spawn(ctx -> {
            while (true) {
                queue.add(ctx.receive());
            }
        });
    }

    @Test
    void aGlobalNameRegisteredOnOneNodeIsFoundAndReachableFromTheOther() throws InterruptedException {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ProcessRef<Object> service = inboxOn(bar, received);

        assertThat(bar.global().register("service", service)).isTrue();
        await().atMost(WAIT).until(() -> foo.global().whereis("service").isPresent());
        foo.global().send("service", new Echo("via the global name"));

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Echo("via the global name"));
        assertThat(foo.global().whereis("service").orElseThrow().pid().id()).isEqualTo(service.pid().id());
        assertThat(bar.global().whereis("service")).contains(service);
    }

    @Test
    void theFirstRegistrationOfANameWinsAndTheSecondIsRefused() {
        ProcessRef<Object> first = idleOn(foo);
        ProcessRef<Object> second = idleOn(bar);

        assertThat(foo.global().register("leader", first)).isTrue();
        assertThat(bar.global().register("leader", second)).isFalse();

        assertThat(bar.global().whereis("leader")).hasValueSatisfying(ref -> assertThat(ref.pid().id()).isEqualTo(first.pid().id()));
        assertThat(foo.global().whereis("leader")).contains(first);
    }

    @Test
    void aGlobalNameIsFreedWhenItsProcessExitsAndWhenItIsUnregistered() {
        ProcessRef<Object> one = idleOn(bar);
        ProcessRef<Object> two = idleOn(bar);
        bar.global().register("exits", one);
        bar.global().register("unregisters", two);
        await().atMost(WAIT).until(() -> foo.global().registered().containsAll(java.util.Set.of("exits", "unregisters")));

        nodes.scheduler(bar).exit(one, ExitReason.KILL);
        assertThat(bar.global().unregister("unregisters")).isTrue();

        await().atMost(WAIT).until(() -> foo.global().registered().isEmpty() && bar.global().registered().isEmpty());
        assertThat(foo.global().register("exits", idleOn(foo))).as("free again").isTrue();
    }

    @Test
    void aNodesGlobalNamesVanishWhenItGoesDown() {
        bar.global().register("on-bar", idleOn(bar));
        await().atMost(WAIT).until(() -> foo.global().whereis("on-bar").isPresent());

        bar.close();

        await().atMost(WAIT).until(() -> foo.global().whereis("on-bar").isEmpty());
        assertThatThrownBy(() -> foo.global().send("on-bar", new Echo("x"))).isInstanceOf(NoProcessException.class)
                .hasMessageContaining("on-bar");
    }

    @Test
    void afterAPartitionHealsANameRegisteredOnBothSidesIsKeptByTheNodeWhoseNameSortsFirstAndTheLoserExits() {
        nodes.cutOff(bar);
        await().atMost(WAIT).until(() -> foo.nodes().isEmpty() && bar.nodes().isEmpty());
        ProcessRef<Object> onFoo = idleOn(foo);
        ProcessRef<Object> onBar = idleOn(bar);
        assertThat(foo.global().register("singleton", onFoo)).isTrue();
        assertThat(bar.global().register("singleton", onBar)).isTrue();

        nodes.reconnect(bar);

        assertThat(onFoo.termination()).succeedsWithin(WAIT)
                .isEqualTo(ExitReason.of(new GlobalNames.NameConflict("singleton", "bar")));
        await().atMost(WAIT).until(() -> foo.global().whereis("singleton").map(ref -> ref.pid().id() == onBar.pid().id()
                && ref.pid().node() != 0).orElse(false));
        assertThat(bar.global().whereis("singleton")).contains(onBar);
        assertThat(onBar.isAlive()).isTrue();
    }

    @Test
    void groupMembersJoinedOnEveryNodeAreSeenEverywhereAndLocalMembersOnlyWhereTheyLive() {
        ProcessRef<Object> a = idleOn(foo);
        ProcessRef<Object> b = idleOn(bar);
        foo.groups().join("workers", a);
        bar.groups().join("workers", b);

        await().atMost(WAIT).until(() -> foo.groups().members("workers").size() == 2
                && bar.groups().members("workers").size() == 2);
        assertThat(foo.groups().localMembers("workers")).containsExactly(a);
        assertThat(bar.groups().localMembers("workers")).containsExactly(b);
        assertThat(foo.groups().groups()).containsExactly("workers");

        assertThat(bar.groups().leave("workers", b)).isTrue();
        await().atMost(WAIT).until(() -> foo.groups().members("workers").size() == 1);
    }

    @Test
    void aGroupMemberLeavesWhenItExitsAndANodesMembersVanishWhenItGoesDown() {
        ProcessRef<Object> exiting = idleOn(foo);
        foo.groups().join("g", exiting);
        bar.groups().join("g", idleOn(bar));
        await().atMost(WAIT).until(() -> foo.groups().members("g").size() == 2 && bar.groups().members("g").size() == 2);

        nodes.scheduler(foo).exit(exiting, ExitReason.KILL);
        await().atMost(WAIT).until(() -> bar.groups().members("g").size() == 1);

        bar.close();
        await().atMost(WAIT).until(() -> foo.groups().members("g").isEmpty());
    }

    @Test
    void aNodeThatJoinsLaterLearnsTheGroupsAndNamesThatExist() {
        foo.groups().join("g", idleOn(foo));
        foo.global().register("early", idleOn(foo));

        Cluster late = nodes.start("late");

        await().atMost(WAIT).until(() -> late.groups().members("g").size() == 1 && late.global().whereis("early").isPresent());
        assertThat(late.global().whereis("early").orElseThrow().pid().node()).as("a process of another node").isNotZero();
    }
}
