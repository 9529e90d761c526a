package dev.actorkit.test.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

// tag::imports[]
import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import dev.actorkit.test.ProcessAwait;
import dev.actorkit.test.TestProbe;
// end::imports[]
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/testing.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TestingGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100));
    }

    // tag::greeter[]
    record Greet(String name, ProcessRef<?> replyTo) { }
    record Greeting(String text) { }

    ProcessRef<Object> greeter() {
        return scheduler.spawn(ctx -> {
            while (true) {
                Greet greet = ctx.receive(Greet.class, Duration.ofDays(1)).orElseThrow();
                if (greet.name().isEmpty()) {
                    throw new IllegalArgumentException("no name");
                }
                greet.replyTo().send(new Greeting("Hello, " + greet.name()));
            }
        });
    }
    // end::greeter[]

    @Test
    void a_probe_receives_the_reply() {
        ProcessRef<Object> greeter = greeter();
        // tag::expect-message[]
        try (TestProbe probe = TestProbe.create(scheduler)) {
            greeter.send(new Greet("Ada", probe.ref()));

            Greeting greeting = probe.expectMessage(Greeting.class, Duration.ofSeconds(1));
            assertThat(greeting.text()).isEqualTo("Hello, Ada");
            probe.expectNoMessage(Duration.ofMillis(50));
        }
        // end::expect-message[]
    }

    @Test
    void a_failed_expectation_says_what_arrived() {
        // tag::failure[]
        try (TestProbe probe = TestProbe.create(scheduler)) {
            probe.ref().send("unexpected");

            assertThatThrownBy(() -> probe.expectMessage(Greeting.class, Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageEndingWith("within PT0.1S but received String[unexpected]");
        }
        // end::failure[]
    }

    @Test
    void a_probe_sees_a_crash_through_a_link_and_a_monitor() {
        ProcessRef<Object> greeter = greeter();
        // tag::exit-and-down[]
        try (TestProbe probe = TestProbe.create(scheduler)) {
            probe.link(greeter);                                // the probe traps exits
            probe.monitor(greeter);
            probe.send(greeter, new Greet("", probe.ref()));    // makes it crash

            Exit exit = probe.expectExit(greeter, Duration.ofSeconds(1));
            Down down = probe.expectDown(greeter, Duration.ofSeconds(1));
            assertThat(exit.reason()).isInstanceOf(ExitReason.Error.class);
            assertThat(down.reason()).isEqualTo(exit.reason());
        }
        // end::exit-and-down[]
    }

    @Test
    void a_probe_takes_a_run_of_messages_or_fishes_for_one() {
        // tag::receive-while[]
        try (TestProbe probe = TestProbe.create(scheduler)) {
            for (Object message : List.of(1, 2, 3, "done", 4, "stop")) {
                probe.ref().send(message);
            }

            List<Object> numbers = probe.receiveWhile(m -> m instanceof Integer, Duration.ofSeconds(1));
            assertThat(numbers).containsExactly(1, 2, 3);       // "done" stays queued

            Object stop = probe.fishForMessage("stop"::equals, Duration.ofSeconds(1));
            assertThat(stop).isEqualTo("stop");                 // "done" and 4 were dropped
        }
        // end::receive-while[]
    }

    @Test
    void a_test_waits_for_a_death_and_a_restart() {
        // tag::await[]
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(ChildSpec.worker("greeter", ctx -> {
                    while (true) {
                        if ("crash".equals(ctx.receive())) {
                            throw new IllegalStateException("asked to");
                        }
                    }
                })));
        ProcessRef<Object> greeter = supervisor.<Object>child("greeter").orElseThrow();
        Pid before = greeter.pid();

        greeter.send("crash");
        Pid after = ProcessAwait.awaitRestart(greeter, before, Duration.ofSeconds(5));
        assertThat(after).isNotEqualTo(before);

        ProcessRef<Object> oneOff = scheduler.spawn(ctx -> ctx.exit(ExitReason.SHUTDOWN));
        assertThat(ProcessAwait.awaitDeath(oneOff, Duration.ofSeconds(5))).isEqualTo(ExitReason.SHUTDOWN);
        // end::await[]
    }
}
