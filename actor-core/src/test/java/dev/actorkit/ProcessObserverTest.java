package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Strategy;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The observer SPI: what the runtime tells a {@link ProcessObserver}, and when. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessObserverTest {

    /** Writes each event it sees to a queue, as text the tests compare. */
    static final class Recorder implements ProcessObserver {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<ObservedProcess> crashed = new LinkedBlockingQueue<>();

        @Override
        public void processStarted(ObservedProcess process) {
            events.add("started " + process.typeLabel());
        }

        @Override
        public void processExited(ObservedProcess process, ExitReason reason) {
            events.add("exited " + process.label() + " " + (reason instanceof ExitReason.Error ? "error" : reason));
        }

        @Override
        public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
            events.add("handled " + process.label() + " " + messageType.getSimpleName() + (crashed ? " crashed" : "")
                    + (nanos >= 0 ? "" : " negative time"));
        }

        @Override
        public void processCrashed(ObservedProcess process, @Nullable Class<?> messageType, Throwable failure) {
            crashed.add(process);
            events.add("crashed " + process.label() + " " + (messageType == null ? "-" : messageType.getSimpleName())
                    + " " + failure.getMessage());
        }

        @Override
        public void deadLetter(DeadLetter letter) {
            events.add("dead " + letter.cause() + " " + letter.message());
        }

        @Override
        public void childRestarted(ObservedProcess supervisor, String childId) {
            events.add("restarted " + childId);
        }

        /** The next event that starts with {@code prefix}, skipping others. */
        String next(String prefix) throws InterruptedException {
            while (true) {
                String event = Await.take(events);
                if (event.startsWith(prefix)) {
                    return event;
                }
            }
        }
    }

    /** Sets a thread-local while a process handles messages, as an MDC would be. */
    static final class ThreadContext implements ProcessObserver {
        static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

        @Override
        public Scope enter(ObservedProcess process) {
            CURRENT.set(process.label());
            return CURRENT::remove;
        }
    }

    private final Recorder recorder = new Recorder();

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(
            SchedulerConfig.defaults().withObserver(recorder).withObserver(new ThreadContext()), Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record Work(String what) { }
    record Fail(String why) { }
    record WhereAmI() { }

    @Process
    static class Clerk {
        @Receive
        void on(Work work) {
        }

        @Receive
        void on(Fail fail) {
            throw new IllegalStateException(fail.why());
        }

        @Receive
        @Nullable String on(WhereAmI ask) {
            return ThreadContext.CURRENT.get();
        }
    }

    @Process
    static class Broken {
        @Init
        void init() {
            throw new IllegalArgumentException("no config");
        }

        @Receive
        void on(Work work) {
        }
    }

    @Test
    void theObserverSeesAProcessStartHandleMessagesAndExit() throws Exception {
        ProcessRef<Clerk> clerk = scheduler.spawn(Clerk::new);
        assertThat(recorder.next("started")).isEqualTo("started Clerk");

        clerk.send(new Work("file"));
        assertThat(recorder.next("handled")).isEqualTo("handled Clerk Work");

        scheduler.register("clerk", clerk);
        scheduler.exit(clerk, ExitReason.shutdown("done"));
        assertThat(recorder.next("exited")).isEqualTo("exited clerk " + ExitReason.shutdown("done"));
    }

    @Test
    void aCallIsObservedAsItsRequestType() throws Exception {
        ProcessRef<Clerk> clerk = scheduler.spawn(Clerk::new);

        clerk.call(new WhereAmI());

        assertThat(recorder.next("handled")).isEqualTo("handled Clerk WhereAmI");
    }

    @Test
    void aCrashingHandlerIsReportedOnceAsHandledAndCrashedThenAsADeadLetterAndAnErrorExit() throws Exception {
        ProcessRef<Clerk> clerk = scheduler.spawn(Clerk::new);

        clerk.send(new Fail("boom"));

        List<String> expected = List.of("crashed Clerk Fail boom", "dead CRASHED Fail[why=boom]",
                "handled Clerk Fail crashed", "exited Clerk error");
        await().atMost(Await.WAIT).until(() -> recorder.events.containsAll(expected));
        assertThat(recorder.events).filteredOn(e -> !e.startsWith("started")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aProcessTakenDownThroughALinkByACrashExitsWithoutACrashReportOfItsOwn() throws Exception {
        ProcessRef<Clerk> clerk = scheduler.spawn(Clerk::new);
        ProcessRef<Object> bystander = scheduler.spawn(ctx -> {
            ctx.link(clerk);
            ctx.receive();
        });
        await().atMost(Await.WAIT).until(() -> scheduler.info(clerk).map(info -> info.links().size() == 1).orElse(false));

        clerk.send(new Fail("boom"));

        assertThat(Await.exitReasonOf(bystander)).isInstanceOf(ExitReason.Error.class);
        await().atMost(Await.WAIT).until(() -> recorder.events.stream().filter(e -> e.startsWith("exited")).count() == 2);
        assertThat(recorder.crashed).hasSize(1).first().extracting(ObservedProcess::ref).isEqualTo(clerk);
    }

    @Test
    void anInitThatThrowsIsACrashWithoutAMessageType() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler.spawn(Broken::new))
                .isInstanceOf(ProcessStartException.class);

        assertThat(recorder.next("crashed")).isEqualTo("crashed Broken - no config");
    }

    @Test
    void aDeadLetterReachesTheObserver() throws Exception {
        ProcessRef<Object> gone = scheduler.spawn(ctx -> { });
        Await.exitReasonOf(gone);

        gone.send("anyone?");

        assertThat(recorder.next("dead")).isEqualTo("dead NO_PROCESS anyone?");
    }

    @Test
    void aSupervisorReportsEachRestartWithTheChildId() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, new SupervisorSpec(Strategy.ONE_FOR_ONE, 3, Duration.ofSeconds(5),
                List.of(ChildSpec.worker("clerk", Clerk::new))));
        ProcessRef<Object> clerk = supervisor.child("clerk").orElseThrow();

        clerk.send(new Fail("boom"));

        assertThat(recorder.next("restarted")).isEqualTo("restarted clerk");
    }

    @Test
    void theContextSetOnEnteringIsCurrentWhileTheProcessHandlesAMessageAndClearedAfterwards() throws Exception {
        ProcessRef<Clerk> clerk = scheduler.spawn(Clerk::new);
        scheduler.register("front-desk", clerk);

        assertThat(clerk.<String>call(new WhereAmI())).isEqualTo("front-desk");
        assertThat(ThreadContext.CURRENT.get()).isNull();
    }

    @Test
    void aBlockingStyleProcessIsInItsContextForItsWholeBody() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        scheduler.spawn(ctx -> seen.add(String.valueOf(ThreadContext.CURRENT.get())));

        assertThat(Await.take(seen)).isEqualTo("anonymous");
    }

    @Test
    void anObserverThatThrowsDoesNotDisturbTheProcessesOrTheOtherObservers() throws Exception {
        Recorder after = new Recorder();
        ProcessObserver faulty = new ProcessObserver() {
            @Override
            public void messageHandled(ObservedProcess process, Class<?> messageType, long nanos, boolean crashed) {
                throw new IllegalStateException("observer bug");
            }
        };
        try (Scheduler observed = Scheduler.create(SchedulerConfig.defaults().withObserver(faulty).withObserver(after))) {
            ProcessRef<Clerk> clerk = observed.spawn(Clerk::new);

            clerk.send(new Work("one"));
            clerk.send(new Work("two"));

            assertThat(after.next("handled")).isEqualTo("handled Clerk Work");
            assertThat(after.next("handled")).isEqualTo("handled Clerk Work");
            assertThat(clerk.isAlive()).isTrue();
        }
    }

    @Test
    void observersAreAddedInOrderAndTheListCannotBeChangedAfterwards() {
        ProcessObserver first = new Recorder();
        ProcessObserver second = new Recorder();

        SchedulerConfig config = SchedulerConfig.defaults().withObserver(first).withObserver(second);

        assertThat(config.observers()).containsExactly(first, second);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.observers().add(first))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
