package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Observers, dead-letter listeners and context propagators are guests: whatever they throw, an
 * {@code Error} included (an {@code AssertionError} in a test's observer), the runtime behaves as if they
 * were not there.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileObserverTest {

    private Scheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close(Duration.ofSeconds(2));
        }
    }

    /** Throws an AssertionError from every callback, and counts them. */
    static final class Hostile implements ProcessObserver {
        final AtomicInteger thrown = new AtomicInteger();

        private AssertionError fail(String where) {
            thrown.incrementAndGet();
            return new AssertionError("hostile observer fails in " + where);
        }

        @Override
        public void processStarted(ObservedProcess process) {
            throw fail("processStarted");
        }

        @Override
        public void processExited(ObservedProcess process, ExitReason reason) {
            throw fail("processExited");
        }

        @Override
        public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
            throw fail("messageHandled");
        }

        @Override
        public void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
            throw fail("processCrashed");
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            throw fail("deadLetter");
        }

        @Override
        public @Nullable Scope enter(ObservedProcess process) {
            return () -> {
                throw fail("scope close");
            };
        }
    }

    record Work() {
    }

    record Crash() {
    }

    record Count() {
    }

    @Process
    static class Worker {
        private int handled;

        @Receive
        void on(Work work) {
            handled++;
        }

        @Receive
        int on(Count count) {
            return handled;
        }

        @Receive
        void on(Crash crash) {
            throw new IllegalStateException("crash on purpose");
        }
    }

    @Test
    void aCrashStaysACrashWithItsErrorReasonWhenEveryObserverCallbackThrowsAnError() throws Exception {
        Hostile hostile = new Hostile();
        scheduler = Scheduler.create(SchedulerConfig.defaults().withObserver(hostile));
        ProcessRef<Worker> worker = scheduler.spawn(Worker::new);
        worker.send(new Work());
        worker.send(new Work());
        assertThat((int) worker.call(new Count())).isEqualTo(2);

        worker.send(new Crash());

        ExitReason reason = worker.termination().get(5, TimeUnit.SECONDS);
        assertThat(reason).isInstanceOfSatisfying(ExitReason.Error.class,
                error -> assertThat(error.cause()).hasMessage("crash on purpose"));
        assertThat(hostile.thrown).hasPositiveValue();
        assertThat(scheduler.processes()).doesNotContain(worker);
    }

    @Test
    void aLinkedProcessAndAMonitorLearnOfTheExitWhenObserversThrowErrors() throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withObserver(new Hostile()));
        ProcessRef<Worker> worker = scheduler.spawn(Worker::new);
        CompletableFuture<Object> down = new CompletableFuture<>();
        ProcessRef<Object> watcher = scheduler.spawn(context -> {
            context.monitor(worker);
            down.complete(context.receive());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.info(worker).map(i -> !i.monitoredBy().isEmpty()).orElse(false));

        scheduler.exit(worker, ExitReason.KILL);

        assertThat(down.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(Down.class,
                d -> assertThat(d.reason()).isEqualTo(ExitReason.KILLED));
        assertThat(watcher.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aDeadLetterListenerThatThrowsAnErrorDoesNotReachTheSender() throws Exception {
        scheduler = Scheduler.create();
        scheduler.onDeadLetter(letter -> {
            throw new AssertionError("hostile listener");
        });
        ProcessRef<Worker> worker = scheduler.spawn(Worker::new);
        scheduler.exit(worker, ExitReason.KILL);
        worker.termination().get(5, TimeUnit.SECONDS);

        assertThatCode(() -> worker.send(new Work())).doesNotThrowAnyException();

        assertThat(scheduler.deadLetterCount()).isPositive();
    }

    @Test
    void aContextPropagatorThatThrowsErrorsDoesNotStopMessagesOrChangeAProcessFate() throws Exception {
        ContextPropagator hostile = new ContextPropagator() {
            @Override
            public @Nullable Object capture() {
                return "context";
            }

            @Override
            public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
                throw new AssertionError("hostile propagator");
            }
        };
        scheduler = Scheduler.create(SchedulerConfig.defaults().withContextPropagator(hostile));
        ProcessRef<Worker> worker = scheduler.spawn(Worker::new);
        worker.send(new Work());

        assertThat((int) worker.call(new Count())).isEqualTo(1);
        worker.send(new Crash());
        assertThat(worker.termination().get(5, TimeUnit.SECONDS)).isInstanceOf(ExitReason.Error.class);
    }

    @Test
    void aContextPropagatorWhoseCaptureThrowsAnErrorStillLetsTheMessageThrough() throws Exception {
        ContextPropagator hostile = new ContextPropagator() {
            @Override
            public @Nullable Object capture() {
                throw new AssertionError("hostile capture");
            }

            @Override
            public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
                return () -> { };
            }
        };
        scheduler = Scheduler.create(SchedulerConfig.defaults().withContextPropagator(hostile));
        ProcessRef<Worker> worker = scheduler.spawn(Worker::new);

        worker.send(new Work());

        assertThat((int) worker.call(new Count())).isEqualTo(1);
    }
}
