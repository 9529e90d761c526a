package dev.actorkit.cluster.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Call;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.Cluster;
import dev.actorkit.cluster.LoopbackNodes;
import dev.actorkit.cluster.MessageNotAllowedException;
import dev.actorkit.cluster.RemoteCallException;
import dev.actorkit.cluster.TestMessages;
import dev.actorkit.cluster.TestMessages.Echo;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erlang's spawn(Node, M, F, A): start a process of a type the other node allows, by name; docs/cluster.md shows it. */
class RemoteSpawnGuideTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final LoopbackNodes nodes = new LoopbackNodes();
    private Cluster foo;
    private Cluster bar;

    @BeforeEach
    void startTwoNodes() {
        foo = nodes.start("foo");
        bar = nodes.start("bar", builder -> builder.allow(TestMessages.ALLOWED)
                // tag::spawnable[]
                .spawnable("greeter", (scheduler, args) -> {              // on bar: what others may start here
                    String greeting = ((Echo) args).text();
                    return scheduler.spawn(ctx -> {
                        while (true) {
                            if (ctx.receive() instanceof Call call && call.request() instanceof Echo(String who)) {
                                call.reply(new Echo(greeting + ", " + who));
                            }
                        }
                    });
                })
                // end::spawnable[]
                .spawnable("broken", (scheduler, args) -> {
                    throw new IllegalStateException("cannot start today");
                }));
        await().atMost(WAIT).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aProcessOfATypeTheOtherNodeAllowsStartsThereWithTheArgumentsSent() {
        // tag::spawn[]
        ProcessRef<Object> greeter = foo.spawn("bar", "greeter", new Echo("hello"), WAIT); // spawn(bar, M, F, A)
        Echo answer = greeter.call(new Echo("foo"), WAIT);                                  // Echo("hello, foo")
        // end::spawn[]

        assertThat(answer).isEqualTo(new Echo("hello, foo"));
        assertThat(greeter.pid().node()).as("it lives on bar").isNotZero();
        assertThat(nodes.scheduler(bar).processes()).extracting(ref -> ref.pid().id()).contains(greeter.pid().id());
    }

    @Test
    void aTypeTheOtherNodeDoesNotAllowIsRefusedWithTheAllowedTypesAndTheSettingToChange() {
        assertThatThrownBy(() -> foo.spawn("bar", "shell", new Echo("rm -rf"), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .hasMessageContaining("'shell'")
                .hasMessageContaining("greeter")
                .hasMessageContaining("spawnable(\"shell\"");
    }

    @Test
    void aFactoryThatThrowsIsReportedToTheCaller() {
        assertThatThrownBy(() -> foo.spawn("bar", "broken", new Echo("x"), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .hasMessageContaining("cannot start today");
    }

    @Test
    void argumentsOutsideTheAllowListAreRefusedAtTheCaller() {
        assertThatThrownBy(() -> foo.spawn("bar", "greeter", new TestMessages.Secret("x"), WAIT))
                .isInstanceOf(MessageNotAllowedException.class);
    }

    @Test
    void aSpawnOnANodeThatIsNotConnectedFailsAtOnceNamingTheConnectedNodes() {
        assertThatThrownBy(() -> foo.spawn("nowhere", "greeter", new Echo("x"), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .hasMessageContaining("nowhere")
                .hasMessageContaining("not connected");
    }

    @Test
    void aRemotelySpawnedProcessIsWatchedLikeAnyOther() {
        ProcessRef<Object> greeter = foo.spawn("bar", "greeter", new Echo("hi"), WAIT);
        var termination = greeter.termination();
        greeter.call(new Echo("barrier"), WAIT);

        foo.exit(greeter, ExitReason.KILL);

        assertThat(termination).succeedsWithin(WAIT).isEqualTo(ExitReason.KILLED);
    }
}
