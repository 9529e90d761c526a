package dev.actorkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TestProbeTest {

    static final Duration SHORT = Duration.ofMillis(100);
    static final Duration LONG = Duration.ofSeconds(5);

    record Ping(ProcessRef<?> replyTo) { }

    Scheduler scheduler;
    TestProbe probe;

    @BeforeEach
    void start() {
        scheduler = Scheduler.create();
        probe = TestProbe.create(scheduler);
    }

    @AfterEach
    void stop() {
        probe.close();
        scheduler.close();
    }

    /** A process that answers each Ping with "pong" to its replyTo. */
    ProcessRef<Object> ponger() {
        return scheduler.spawn(ctx -> {
            while (true) {
                Ping ping = ctx.receive(Ping.class, Duration.ofDays(1)).orElseThrow();
                ping.replyTo().send("pong");
            }
        });
    }

    /** A process that waits for any message, then exits with it as its reason. */
    ProcessRef<Object> exitsWithWhatItReceives() {
        return scheduler.spawn(ctx -> ctx.exit(ExitReason.of(ctx.receive())));
    }

    @Test
    void the_probe_traps_exits_as_soon_as_create_returns() {
        ProcessRef<Object> other = exitsWithWhatItReceives();
        probe.link(other);
        other.send("boom");

        assertThat(probe.expectExit(other, LONG).reason()).isEqualTo(ExitReason.of("boom"));
        assertThat(probe.ref().isAlive()).isTrue();
    }

    @Test
    void expectMessage_by_type_returns_the_oldest_message_of_that_type_and_leaves_others_queued() {
        probe.ref().send("first");
        probe.ref().send(42);
        probe.ref().send(43);

        assertThat(probe.expectMessage(Integer.class, LONG)).isEqualTo(42);
        assertThat(probe.expectMessage(String.class, SHORT)).isEqualTo("first");
        assertThat(probe.expectMessage(Integer.class, SHORT)).isEqualTo(43);
    }

    @Test
    void expectMessage_by_type_waits_for_a_message_sent_later() {
        ponger().send(new Ping(probe.ref()));

        assertThat(probe.expectMessage(String.class, LONG)).isEqualTo("pong");
    }

    @Test
    void expectMessage_by_type_fails_naming_the_type_the_timeout_and_what_arrived() {
        probe.ref().send("not a number");

        assertThatThrownBy(() -> probe.expectMessage(Integer.class, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected a message of type java.lang.Integer within PT0.1S but received String[not a number]");
        assertThat(probe.expectMessage("not a number", SHORT)).isEqualTo("not a number");
    }

    @Test
    void expectMessage_by_type_fails_with_nothing_when_no_message_came() {
        assertThatThrownBy(() -> probe.expectMessage(Integer.class, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected a message of type java.lang.Integer within PT0.1S but received nothing");
    }

    @Test
    void expectMessage_by_value_takes_an_equal_message() {
        probe.ref().send("a");
        probe.ref().send("b");

        assertThat(probe.expectMessage("b", LONG)).isEqualTo("b");
        assertThatThrownBy(() -> probe.expectMessage("b", SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected the message String[b] within PT0.1S but received String[a]");
    }

    @Test
    void expectNoMessage_passes_when_nothing_arrives() {
        probe.expectNoMessage(SHORT);

        probe.ref().send("later");
        assertThat(probe.expectMessage(String.class, SHORT)).isEqualTo("later");
    }

    @Test
    void expectNoMessage_fails_naming_the_message_that_arrived() {
        scheduler.sendAfter(probe.ref(), "surprise", Duration.ofMillis(20));

        assertThatThrownBy(() -> probe.expectNoMessage(LONG))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected no message within PT5S but received String[surprise]");
        assertThat(probe.expectMessage("surprise", SHORT)).isEqualTo("surprise");
    }

    @Test
    void expectNoMessage_fails_when_a_message_is_still_queued() {
        probe.ref().send(7);

        assertThatThrownBy(() -> probe.expectNoMessage(SHORT))
                .hasMessage("expected no message within PT0.1S but received Integer[7]");
    }

    @Test
    void expectExit_returns_the_exit_of_a_linked_process_and_skips_other_messages() {
        ProcessRef<Object> other = exitsWithWhatItReceives();
        probe.link(other);
        probe.ref().send("unrelated");
        other.send("reason");

        Exit exit = probe.expectExit(other, LONG);

        assertThat(exit.from()).isEqualTo(other);
        assertThat(exit.reason()).isEqualTo(ExitReason.of("reason"));
        assertThat(probe.expectMessage("unrelated", SHORT)).isEqualTo("unrelated");
    }

    @Test
    void expectExit_fails_when_the_process_is_alive() {
        ProcessRef<Object> other = exitsWithWhatItReceives();
        probe.link(other);

        assertThatThrownBy(() -> probe.expectExit(other, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected an Exit from " + other + " within PT0.1S but received nothing");
    }

    @Test
    void expectDown_returns_the_down_of_a_monitored_process() {
        ProcessRef<Object> other = exitsWithWhatItReceives();
        MonitorRef monitor = probe.monitor(other);
        other.send("done");

        Down down = probe.expectDown(other, LONG);

        assertThat(down.ref()).isEqualTo(monitor);
        assertThat(down.reason()).isEqualTo(ExitReason.of("done"));
    }

    @Test
    void expectDown_fails_naming_what_arrived_instead() {
        ProcessRef<Object> other = exitsWithWhatItReceives();
        ProcessRef<Object> unrelated = exitsWithWhatItReceives();
        probe.monitor(other);
        probe.ref().send("noise");

        assertThatThrownBy(() -> probe.expectDown(unrelated, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected a Down for " + unrelated + " within PT0.1S but received String[noise]");
    }

    @Test
    void receiveWhile_takes_matching_messages_and_leaves_the_first_other_one_queued() {
        probe.ref().send(1);
        probe.ref().send(2);
        probe.ref().send("stop");
        probe.ref().send(3);

        List<Object> taken = probe.receiveWhile(m -> m instanceof Integer, LONG);

        assertThat(taken).containsExactly(1, 2);
        assertThat(probe.receiveWhile(m -> true, SHORT)).containsExactly("stop", 3);
    }

    @Test
    void receiveWhile_stops_when_the_time_is_up() {
        probe.ref().send(1);

        assertThat(probe.receiveWhile(m -> m instanceof Integer, SHORT)).containsExactly(1);
        assertThat(probe.receiveWhile(m -> true, SHORT)).isEmpty();
    }

    @Test
    void fishForMessage_drops_messages_until_one_matches() {
        probe.ref().send("a");
        probe.ref().send("b");
        probe.ref().send(5);
        probe.ref().send("c");

        assertThat(probe.fishForMessage(m -> m instanceof Integer, LONG)).isEqualTo(5);
        assertThat(probe.receiveWhile(m -> true, SHORT)).containsExactly("c");
    }

    @Test
    void fishForMessage_fails_naming_the_dropped_messages() {
        probe.ref().send("a");
        probe.ref().send("b");

        assertThatThrownBy(() -> probe.fishForMessage(m -> m instanceof Integer, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected a message matching the predicate within PT0.1S but received String[a], String[b] (dropped)");
        assertThatThrownBy(() -> probe.fishForMessage(m -> true, SHORT))
                .hasMessageEndingWith("but received nothing");
    }

    @Test
    void send_from_the_probe_lets_replies_come_back_to_it() {
        ProcessRef<Object> ponger = ponger();

        probe.send(ponger, new Ping(probe.ref()));

        assertThat(probe.expectMessage("pong", LONG)).isEqualTo("pong");
    }

    @Test
    void close_exits_the_probe_normally_and_later_expectations_fail() {
        probe.close();

        assertThat(probe.ref().isAlive()).isFalse();
        assertThat(probe.ref().termination().join()).isEqualTo(ExitReason.NORMAL);
        assertThatThrownBy(() -> probe.expectNoMessage(SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("has exited: normal");
        probe.close(); // idempotent
    }

    @Test
    void an_exception_in_a_predicate_becomes_an_assertion_error_and_the_probe_keeps_working() {
        probe.ref().send("x");

        assertThatThrownBy(() -> probe.fishForMessage(m -> { throw new IllegalStateException("bad matcher"); }, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("bad matcher");
        probe.expectNoMessage(SHORT);
    }
}
