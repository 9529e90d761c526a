package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@link ContextPropagator} carries the sender's context to the process that handles its message. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextPropagatorTest {

    /** The "trace" of these tests: a thread-local string, carried as it is. */
    static final ThreadLocal<String> TRACE = new ThreadLocal<>();

    static final class TracePropagator implements ContextPropagator {
        @Override
        public @Nullable Object capture() {
            return TRACE.get();
        }

        @Override
        public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
            String previous = TRACE.get();
            TRACE.set((String) context);
            return () -> TRACE.set(previous);
        }
    }

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(
            SchedulerConfig.defaults().withContextPropagator(new TracePropagator()), Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    @AfterEach
    void clearTrace() {
        TRACE.remove();
    }

    record Note(String text) { }
    record Relay(ProcessRef<?> next) { }
    record Trace() { }

    /** Records the trace each note arrives in; relays a trace request to another process by call. */
    @Process
    static class Desk {
        static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();

        @Receive
        void on(Note note) {
            SEEN.add(note.text() + " in " + TRACE.get());
        }

        @Receive
        @Nullable String on(Trace ask) {
            return TRACE.get();
        }

        @Receive
        @Nullable String on(Relay relay) {
            return relay.next().call(new Trace());
        }
    }

    @Test
    void aProcessHandlesEachMessageInItsSendersContextAndInNoneAfterwards() throws Exception {
        Desk.SEEN.clear();
        ProcessRef<Desk> desk = scheduler.spawn(Desk::new);

        TRACE.set("trace-1");
        desk.send(new Note("first"));
        TRACE.set("trace-2");
        desk.send(new Note("second"));
        TRACE.remove();
        desk.send(new Note("third"));

        assertThat(List.of(Await.take(Desk.SEEN), Await.take(Desk.SEEN), Await.take(Desk.SEEN)))
                .containsExactly("first in trace-1", "second in trace-2", "third in null");
    }

    @Test
    void aCallFromAProcessCarriesTheContextItHandlesItsOwnMessageIn() {
        ProcessRef<Desk> front = scheduler.spawn(Desk::new);
        ProcessRef<Desk> back = scheduler.spawn(Desk::new);

        TRACE.set("request-7");
        String seenByBack = front.call(new Relay(back));

        assertThat(seenByBack).isEqualTo("request-7");
    }

    @Test
    void aBlockingStyleProcessIsInTheContextOfTheMessageItReceivedLast() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ProcessRef<Object> reader = scheduler.spawn(ctx -> {
            while (true) {
                Object message = ctx.receive();
                seen.add(message + " in " + TRACE.get());
            }
        });

        TRACE.set("a");
        reader.send("one");
        TRACE.set("b");
        reader.send("two");

        assertThat(List.of(Await.take(seen), Await.take(seen))).containsExactly("one in a", "two in b");
    }

    @Test
    void aSelectiveReceiveAndAFlushSeeTheMessagesAsSent() throws Exception {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ProcessRef<Object> reader = scheduler.spawn(ctx -> {
            seen.add(ctx.receive(Integer.class, Await.WAIT).orElseThrow());
            ctx.receive(Long.class, Await.WAIT).orElseThrow();
            seen.add(ctx.flush());
        });

        TRACE.set("t");
        reader.send("skipped");
        reader.send(42);
        reader.send("left");
        reader.send(7L);

        assertThat(Await.take(seen)).isEqualTo(42);
        assertThat(Await.take(seen)).isEqualTo(List.of("skipped", "left"));
    }

    @Test
    void thePropagatorLearnsWhichProcessHandlesWhichMessageTypeForACallTheRequestType() {
        BlockingQueue<String> restored = new LinkedBlockingQueue<>();
        ContextPropagator recording = new ContextPropagator() {
            @Override
            public Object capture() {
                return "ctx";
            }

            @Override
            public ProcessObserver.Scope restore(Object context, ObservedProcess receiver, Class<?> messageType) {
                restored.add(receiver.label() + " " + messageType.getSimpleName());
                return () -> { };
            }
        };
        try (Scheduler recorded = Scheduler.create(SchedulerConfig.defaults().withContextPropagator(recording))) {
            ProcessRef<Desk> desk = recorded.spawn(Desk::new);
            recorded.register("desk", desk);

            desk.call(new Trace());

            assertThat(restored).containsExactly("desk Trace");
        }
    }

    @Test
    void aDeadLetterCarriesTheMessageAsSent() throws Exception {
        ProcessRef<Object> gone = scheduler.spawn(ctx -> { });
        Await.exitReasonOf(gone);
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {

            TRACE.set("t");
            gone.send("hello?");

            assertThat(Await.take(deadLetters).message()).isEqualTo("hello?");
        }
    }
}
