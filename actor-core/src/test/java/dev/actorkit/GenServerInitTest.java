package dev.actorkit;

import static dev.actorkit.Await.exitReasonOf;
import static dev.actorkit.Await.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starting annotation-driven processes: gen_server_SUITE's start and init cases ({@code init/1}
 * running first, failing init, start_link), and links and monitors between both kinds of process.
 */
@Timeout(30)
class GenServerInitTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    record Event(String name) { }
    record Events() { }
    record Boom(RuntimeException failure) { }
    record LinkTo(ProcessRef<?> other) { }
    record Watch(ProcessRef<?> other) { }

    /** Records init and every event, in order. */
    @Process
    static class Recorder {
        final List<String> events = new ArrayList<>();

        @Init
        void init() {
            events.add("init");
        }

        @Receive
        void on(Event m) {
            events.add(m.name());
        }

        @Receive
        List<String> on(Events m) {
            return List.copyOf(events);
        }
    }

    /** Its init sends itself a message and records who it is. */
    @Process
    class SelfSender {
        final List<String> events = new ArrayList<>();

        @Init
        void init(ProcessContext ctx) {
            seen.add(ctx.self());
            ctx.self().send(new Event("sent by init"));
        }

        @Receive
        void on(Event m) {
            events.add(m.name());
        }

        @Receive
        List<String> on(Events m) {
            return List.copyOf(events);
        }
    }

    @Process
    static class FailingInit {
        final AtomicReference<ProcessRef<Object>> self;
        final RuntimeException failure;

        FailingInit(AtomicReference<ProcessRef<Object>> self, RuntimeException failure) {
            this.self = self;
            this.failure = failure;
        }

        @Init
        void init(ProcessContext ctx) {
            self.set(ctx.self());
            throw failure;
        }

        @Receive
        void on(Event m) {
        }
    }

    /** Crashes on request; links and monitors on request (synchronously, as calls). */
    @Process
    class Peer {
        @Receive
        void on(Boom m) {
            throw m.failure();
        }

        @Receive
        String on(LinkTo m, ProcessContext ctx) {
            ctx.link(m.other());
            return "linked";
        }

        @Receive
        MonitorRef on(Watch m, ProcessContext ctx) {
            return ctx.monitor(m.other());
        }

        @Receive
        void on(Down down) {
            seen.add(down);
        }
    }

    @Test
    void initRunsBeforeTheMessagesSentRightAfterSpawn() {
        ProcessRef<Recorder> recorder = scheduler.spawn(Recorder::new);
        recorder.send(new Event("first"));
        recorder.send(new Event("second"));

        List<String> events = recorder.call(new Events());

        assertThat(events).containsExactly("init", "first", "second");
    }

    @Test
    void initTakingAProcessContextRunsAsTheProcessAndWhatItSendsItselfComesFirst() throws Exception {
        ProcessRef<SelfSender> process = scheduler.spawn(SelfSender::new);
        process.send(new Event("sent by the test"));

        List<String> events = process.call(new Events());

        assertThat(take(seen)).as("ctx.self() in @Init").isEqualTo(process);
        assertThat(events).containsExactly("sent by init", "sent by the test");
    }

    @Test
    void initThatThrowsFailsTheSpawnWithProcessStartExceptionAndTheProcessIsNotAlive() throws Exception {
        AtomicReference<ProcessRef<Object>> self = new AtomicReference<>();
        IllegalStateException failure = new IllegalStateException("cannot start");

        assertThatThrownBy(() -> scheduler.spawn(() -> new FailingInit(self, failure)))
                .isInstanceOf(ProcessStartException.class)
                .cause().isSameAs(failure);

        ProcessRef<Object> process = self.get();
        assertThat(process).as("@Init ran").isNotNull();
        assertThat(process.isAlive()).isFalse();
        assertThat(scheduler.processes()).doesNotContain(process);
        assertThat(exitReasonOf(process)).isEqualTo(ExitReason.error(failure));
    }

    @Test
    void aFactoryThatThrowsFailsTheSpawnWithProcessStartException() {
        IllegalArgumentException failure = new IllegalArgumentException("no instance today");

        assertThatThrownBy(() -> scheduler.spawn(() -> {
            throw failure;
        })).isInstanceOf(ProcessStartException.class).cause().isSameAs(failure);
        assertThat(scheduler.processes()).isEmpty();
    }

    @Test
    void spawnLinkWithAFactoryLinksTheNewProcessToItsSpawner() throws Exception {
        BlockingQueue<Object> parentSaw = new LinkedBlockingQueue<>();
        ProcessRef<Object> parent = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            parentSaw.add(ctx.spawnLink(Peer::new));
            while (true) {
                parentSaw.add(ctx.receive());
            }
        });
        ProcessRef<?> child = (ProcessRef<?>) take(parentSaw);

        assertThat(scheduler.info(child).orElseThrow().links()).containsExactly(parent);

        IllegalStateException failure = new IllegalStateException("child crash");
        child.send(new Boom(failure));

        assertThat(take(parentSaw)).isEqualTo(new Exit(child, ExitReason.error(failure)));
    }

    @Test
    void aChildSpawnLinkedWithAFactoryDiesWithItsParentsReason() throws Exception {
        BlockingQueue<ProcessRef<?>> children = new LinkedBlockingQueue<>();
        ProcessRef<Object> parent = scheduler.spawn(ctx -> {
            children.add(ctx.spawnLink(Peer::new));
            ctx.receive();
            throw new IllegalStateException("parent crash");
        });
        ProcessRef<?> child = take(children);

        parent.send("crash now");

        ExitReason parentReason = exitReasonOf(parent);
        assertThat(parentReason).isInstanceOf(ExitReason.Error.class);
        assertThat(exitReasonOf(child)).isEqualTo(parentReason);
    }

    @Test
    void aBlockingStyleProcessMonitoringAnAnnotationProcessGetsDownWithItsCrashReason() throws Exception {
        ProcessRef<Peer> annotated = scheduler.spawn(Peer::new);
        BlockingQueue<Object> watcherSaw = new LinkedBlockingQueue<>();
        scheduler.spawn(ctx -> {
            watcherSaw.add(ctx.monitor(annotated));
            watcherSaw.add(ctx.receive());
        });
        MonitorRef monitor = (MonitorRef) take(watcherSaw);
        IllegalStateException failure = new IllegalStateException("annotated crash");

        annotated.send(new Boom(failure));

        assertThat(take(watcherSaw)).isEqualTo(new Down(monitor, annotated, ExitReason.error(failure)));
    }

    @Test
    void anAnnotationProcessMonitoringABlockingStyleProcessGetsDownWithItsCrashReason() throws Exception {
        ProcessRef<Peer> annotated = scheduler.spawn(Peer::new);
        IllegalStateException failure = new IllegalStateException("blocking crash");
        ProcessRef<Object> blocking = scheduler.spawn(ctx -> {
            ctx.receive();
            throw failure;
        });
        MonitorRef monitor = annotated.call(new Watch(blocking));

        blocking.send("crash now");

        assertThat(take(seen)).isEqualTo(new Down(monitor, blocking, ExitReason.error(failure)));
        assertThat(annotated.isAlive()).isTrue();
    }

    @Test
    void aCrashingAnnotationProcessTakesDownABlockingStyleProcessLinkedToIt() throws Exception {
        ProcessRef<Peer> annotated = scheduler.spawn(Peer::new);
        BlockingQueue<Object> linkerSaw = new LinkedBlockingQueue<>();
        ProcessRef<Object> blocking = scheduler.spawn(ctx -> {
            ctx.link(annotated);
            linkerSaw.add("linked");
            ctx.receive();
        });
        assertThat(take(linkerSaw)).isEqualTo("linked");
        IllegalStateException failure = new IllegalStateException("annotated crash");

        annotated.send(new Boom(failure));

        assertThat(exitReasonOf(blocking)).isEqualTo(ExitReason.error(failure));
    }

    @Test
    void aCrashingBlockingStyleProcessTakesDownAnAnnotationProcessLinkedToIt() throws Exception {
        ProcessRef<Peer> annotated = scheduler.spawn(Peer::new);
        IllegalStateException failure = new IllegalStateException("blocking crash");
        ProcessRef<Object> blocking = scheduler.spawn(ctx -> {
            ctx.receive();
            throw failure;
        });
        annotated.call(new LinkTo(blocking));

        blocking.send("crash now");

        assertThat(exitReasonOf(annotated)).isEqualTo(ExitReason.error(failure));
    }
}
