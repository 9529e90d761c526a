package dev.actorkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProcessAwaitTest {

    static final Duration SHORT = Duration.ofMillis(100);
    static final Duration LONG = Duration.ofSeconds(5);

    final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void stop() {
        scheduler.close();
    }

    /** Crashes on "crash"; ignores everything else. */
    static void crashOnRequest(dev.actorkit.ProcessContext ctx) {
        while (true) {
            if ("crash".equals(ctx.receive())) {
                throw new IllegalStateException("asked to crash");
            }
        }
    }

    @Test
    void awaitDeath_returns_the_exit_reason() {
        ProcessRef<Object> process = scheduler.spawn(ctx -> ctx.exit(ExitReason.of(ctx.receive())));
        process.send("finished");

        assertThat(ProcessAwait.awaitDeath(process, LONG)).isEqualTo(ExitReason.of("finished"));
    }

    @Test
    void awaitDeath_fails_when_the_process_stays_alive() {
        ProcessRef<Object> process = scheduler.spawn(ctx -> ctx.receive());

        assertThatThrownBy(() -> ProcessAwait.awaitDeath(process, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected " + process + " to exit within PT0.1S but it is still alive");
        assertThat(process.isAlive()).isTrue();
    }

    @Test
    void awaitRestart_returns_the_pid_of_the_new_incarnation() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(ChildSpec.worker("worker", ProcessAwaitTest::crashOnRequest)));
        ProcessRef<Object> worker = supervisor.<Object>child("worker").orElseThrow();
        Pid before = worker.pid();

        worker.send("crash");
        Pid after = ProcessAwait.awaitRestart(worker, before, LONG);

        assertThat(after).isNotEqualTo(before);
        assertThat(worker.pid()).isEqualTo(after);
        assertThat(worker.isAlive()).isTrue();
    }

    @Test
    void awaitRestart_fails_when_the_child_was_not_restarted() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(ChildSpec.worker("worker", ProcessAwaitTest::crashOnRequest)));
        ProcessRef<Object> worker = supervisor.<Object>child("worker").orElseThrow();
        Pid before = worker.pid();

        assertThatThrownBy(() -> ProcessAwait.awaitRestart(worker, before, SHORT))
                .isInstanceOf(AssertionError.class)
                .hasMessage("expected " + worker + " to restart as a pid other than " + before
                        + " within PT0.1S but it is still " + before + " (alive)");
    }
}
