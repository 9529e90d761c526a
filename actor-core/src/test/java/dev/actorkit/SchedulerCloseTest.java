package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Scheduler#close()}: every process gets SHUTDOWN, trapping ones get a deadline, then nothing runs. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // subscriptions and schedulers held open by try-with-resources
class SchedulerCloseTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void closeAgain() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    @Test
    void closeMakesEveryProcessExitWithShutdown() throws Exception {
        List<ProcessRef<Object>> processes = List.of(idle(), idle(), idle());

        scheduler.close();

        for (ProcessRef<Object> process : processes) {
            assertThat(process.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(process.isAlive()).isFalse();
        }
        assertThat(scheduler.isClosed()).isTrue();
    }

    @Test
    void closeStopsAProcessThatIsBusyInsteadOfReceiving() throws Exception {
        ProcessRef<Object> busy = scheduler.spawn(ctx -> {
            while (true) {
                ctx.mailboxSize(); // busy, but calls into the runtime now and then
                Thread.onSpinWait();
            }
        });

        scheduler.close();

        assertThat(busy.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aTrappingProcessReceivesExitShutdownAndMayFinishItsWork() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ProcessRef<Object> trapping = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            seen.add("trapping");
            while (true) {
                if (ctx.receive() instanceof Exit exit) {
                    seen.add(exit);
                    ctx.flush(); // cleanup that still uses the runtime
                    seen.add("finished");
                    return;
                }
            }
        });
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("trapping");

        scheduler.close(Duration.ofSeconds(5));

        assertThat(trapping.termination().get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(seen.poll(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(Exit.class, exit -> assertThat(exit.reason()).isEqualTo(ExitReason.SHUTDOWN));
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("finished");
    }

    @Test
    void aTrappingProcessThatIgnoresTheShutdownStillExitsWithShutdownAfterTheTimeout() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ProcessRef<Object> stubborn = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            seen.add("trapping");
            while (true) {
                seen.add(ctx.receive()); // ignores every Exit
            }
        });
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("trapping");

        scheduler.close(Duration.ofMillis(200));

        assertThat(stubborn.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(stubborn.isAlive()).isFalse();
        assertThat(seen.poll(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(Exit.class, exit -> assertThat(exit.reason()).isEqualTo(ExitReason.SHUTDOWN));
    }

    @Test
    void theShutdownTimeoutComesFromTheConfigurationByDefault() throws Exception {
        try (Scheduler quick = Scheduler.create(SchedulerConfig.defaults().withShutdownTimeout(Duration.ofMillis(200)))) {
            ProcessRef<Object> stubborn = quick.spawn(ctx -> {
                ctx.trapExits(true);
                while (true) {
                    ctx.receive();
                }
            });

            quick.close();

            assertThat(stubborn.termination().get(4, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void afterCloseSpawnThrowsSchedulerClosedException() {
        scheduler.close();

        assertThatThrownBy(() -> scheduler.spawn(ctx -> { })).isInstanceOf(SchedulerClosedException.class);
    }

    @Test
    void afterCloseSendThrowsSchedulerClosedException() {
        ProcessRef<Object> process = idle();

        scheduler.close();

        assertThatThrownBy(() -> process.send("hello")).isInstanceOf(SchedulerClosedException.class);
    }

    @Test
    void closeIsIdempotent() {
        ProcessRef<Object> process = idle();
        scheduler.close();

        assertThatCode(() -> {
            scheduler.close();
            scheduler.close(Duration.ofMillis(10));
        }).doesNotThrowAnyException();
        assertThat(scheduler.isClosed()).isTrue();
        assertThat(process.termination()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void aSchedulerIsOpenUntilClosed() {
        assertThat(scheduler.isClosed()).isFalse();
        assertThat(scheduler.systemRef().isAlive()).isTrue();

        scheduler.close();

        assertThat(scheduler.isClosed()).isTrue();
        assertThat(scheduler.systemRef().isAlive()).isFalse();
    }
}
