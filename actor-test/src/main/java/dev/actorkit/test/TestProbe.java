package dev.actorkit.test;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A process you drive from a test (Akka's {@code TestProbe}): pass its {@link #ref()} to the code under
 * test, then expect what that code sends it.
 *
 * <pre>{@code
 * try (TestProbe probe = TestProbe.create(scheduler)) {
 *     greeter.send(new Greet("Ada", probe.ref()));
 *     assertThat(probe.expectMessage(Greeting.class, Duration.ofSeconds(1)).text()).isEqualTo("Hello, Ada");
 * }
 * }</pre>
 *
 * <p>The probe traps exits from the moment {@link #create} returns, so exit signals from processes it is
 * {@linkplain #link linked} to arrive as {@link Exit} messages ({@link #expectExit}) instead of killing
 * it. {@link #monitor} makes it receive {@link Down}s ({@link #expectDown}).
 *
 * <p>Expectations are selective, like {@link ProcessContext#receive(Class, Duration)}: they take the
 * oldest message that matches and leave the others queued, in order, for later expectations.
 * {@link #expectNoMessage} fails if any message is queued or arrives. Every failure is an
 * {@link AssertionError} that names what was expected, the timeout, and what arrived instead (or
 * "nothing").
 *
 * <p>How it works: the probe is a blocking-style process whose body runs the test thread's requests one
 * at a time; receiving, linking, monitoring and sending happen in the probe process itself.
 *
 * <p>Concurrency: one test thread drives a probe. Its methods may be called from any thread, but not
 * concurrently with each other (they are not meant to be; results would interleave unpredictably).
 * {@link #ref()} is thread-safe and may be shared freely.
 */
public final class TestProbe implements AutoCloseable {

    /** How long {@link #create} waits for the probe to start trapping exits. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** Added to an expectation's timeout when the test thread waits for the probe's answer. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final ProcessRef<Object> ref;
    private final BlockingQueue<Request<?>> requests;

    private TestProbe(ProcessRef<Object> ref, BlockingQueue<Request<?>> requests) {
        this.ref = ref;
        this.requests = requests;
    }

    /**
     * Spawns a probe on {@code scheduler}; returns once it traps exits.
     *
     * @throws AssertionError if the probe did not start in time
     */
    public static TestProbe create(Scheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        BlockingQueue<Request<?>> requests = new LinkedBlockingQueue<>();
        CompletableFuture<Void> trapping = new CompletableFuture<>();
        ProcessRef<Object> ref = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            trapping.complete(null);
            new Body(ctx).serve(requests);
        });
        try {
            CompletableFuture.anyOf(trapping, ref.termination()).get(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting a TestProbe", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("TestProbe " + ref + " did not start within " + START_TIMEOUT, e);
        }
        if (!trapping.isDone()) {
            throw new AssertionError("TestProbe " + ref + " exited while starting: " + ref.termination().join());
        }
        return new TestProbe(ref, requests);
    }

    /** The probe process: give it to the code under test as the recipient of messages and replies. */
    public ProcessRef<Object> ref() {
        return ref;
    }

    /**
     * Expects a message of {@code type} within {@code timeout}: takes the oldest one queued or the first
     * to arrive. Messages of other types stay queued.
     *
     * @return the message
     * @throws AssertionError if none arrived in time
     */
    public <M> M expectMessage(Class<M> type, Duration timeout) {
        Objects.requireNonNull(type, "type must not be null");
        Object message = await(ctx -> ctx.take(type::isInstance,
                "a message of type " + type.getName(), timeout), timeout);
        return type.cast(message);
    }

    /**
     * Expects a message {@linkplain Object#equals equal} to {@code value} within {@code timeout}. Other
     * messages stay queued.
     *
     * @return the message received (equal to {@code value})
     * @throws AssertionError if none arrived in time
     */
    public Object expectMessage(Object value, Duration timeout) {
        Objects.requireNonNull(value, "value must not be null");
        return await(ctx -> ctx.take(value::equals, "the message " + describe(value), timeout), timeout);
    }

    /**
     * Expects that no message is queued and none arrives during {@code duration}: waits all of it.
     *
     * @throws AssertionError naming the first message queued or received
     */
    public void expectNoMessage(Duration duration) {
        await(ctx -> ctx.expectNothing(duration), duration);
    }

    /**
     * Expects the exit signal of a process linked to the probe, as an {@link Exit} message from
     * {@code from}, within {@code timeout}.
     *
     * @return the {@code Exit}, for assertions on its reason
     * @throws AssertionError if none arrived in time
     */
    public Exit expectExit(ProcessRef<?> from, Duration timeout) {
        Objects.requireNonNull(from, "from must not be null");
        Object message = await(ctx -> ctx.take(m -> m instanceof Exit exit && sameProcess(exit.from(), from),
                "an Exit from " + from, timeout), timeout);
        return (Exit) message;
    }

    /**
     * Expects the {@link Down} of a process the probe {@linkplain #monitor monitors} within
     * {@code timeout}.
     *
     * @return the {@code Down}, for assertions on its reason
     * @throws AssertionError if none arrived in time
     */
    public Down expectDown(ProcessRef<?> process, Duration timeout) {
        Objects.requireNonNull(process, "process must not be null");
        Object message = await(ctx -> ctx.take(m -> m instanceof Down down && sameProcess(down.process(), process),
                "a Down for " + process, timeout), timeout);
        return (Down) message;
    }

    /**
     * Takes messages, oldest first, while they match {@code matcher}, for at most {@code max}: stops at
     * the first one that does not match (it stays queued) or when the time is up. Never fails.
     *
     * @return the matching messages taken, oldest first (possibly none)
     */
    public List<Object> receiveWhile(Predicate<Object> matcher, Duration max) {
        Objects.requireNonNull(matcher, "matcher must not be null");
        return await(ctx -> ctx.takeWhile(matcher, max), max);
    }

    /**
     * Takes messages, oldest first, until one matches {@code matcher}, within {@code timeout}: the
     * messages before it are dropped.
     *
     * @return the first matching message
     * @throws AssertionError if none arrived in time; it names the messages dropped
     */
    public Object fishForMessage(Predicate<Object> matcher, Duration timeout) {
        Objects.requireNonNull(matcher, "matcher must not be null");
        return await(ctx -> ctx.fish(matcher, timeout), timeout);
    }

    /** Links the probe process to {@code other} (exit signals then arrive as {@link Exit} messages). */
    public void link(ProcessRef<?> other) {
        Objects.requireNonNull(other, "other must not be null");
        await(ctx -> {
            ctx.ctx.link(other);
            return Boolean.TRUE;
        }, Duration.ZERO);
    }

    /** Makes the probe process monitor {@code other}; its {@link Down} is then for {@link #expectDown}. */
    public MonitorRef monitor(ProcessRef<?> other) {
        Objects.requireNonNull(other, "other must not be null");
        return await(ctx -> ctx.ctx.monitor(other), Duration.ZERO);
    }

    /**
     * Sends {@code message} to {@code target} from the probe process, so that messages sent by the probe
     * keep their order and replies addressed to the probe come back to it.
     */
    public void send(ProcessRef<?> target, Object message) {
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(message, "message must not be null");
        await(ctx -> {
            target.send(message);
            return Boolean.TRUE;
        }, Duration.ZERO);
    }

    /**
     * Exits the probe (normally) and waits for it to be gone. Idempotent; does nothing if the probe
     * has already exited, for example because its scheduler was closed.
     */
    @Override
    public void close() {
        if (!ref.isAlive()) {
            return;
        }
        requests.add(Request.CLOSE);
        try {
            ref.termination().get(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("TestProbe " + ref + " did not exit within " + GRACE, e);
        }
    }

    @Override
    public String toString() {
        return "TestProbe" + ref;
    }

    // ---- the test thread's side ----

    private <R> R await(Function<Body, R> operation, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (!ref.isAlive()) {
            throw new AssertionError("TestProbe " + ref + " has exited: " + ref.termination().join());
        }
        Request<R> request = new Request<>(operation);
        requests.add(request);
        Duration wait = timeout.plus(GRACE);
        try {
            CompletableFuture.anyOf(request.result, ref.termination()).get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for TestProbe " + ref, e);
        } catch (ExecutionException e) {
            // The request failed: rethrow its AssertionError here, on the test thread, with its message.
            Throwable cause = e.getCause();
            if (cause instanceof AssertionError failure) {
                throw new AssertionError(failure.getMessage());
            }
            throw new AssertionError("TestProbe " + ref + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError("TestProbe " + ref + " did not answer within " + wait);
        }
        if (!request.result.isDone()) {
            throw new AssertionError("TestProbe " + ref + " exited while waiting: " + ref.termination().join());
        }
        return request.result.join();
    }

    /** Two refs address the same process: equal, or the same current pid (a stable ref and its incarnation). */
    private static boolean sameProcess(ProcessRef<?> actual, ProcessRef<?> expected) {
        if (actual.equals(expected)) {
            return true;
        }
        try {
            return actual.pid().equals(expected.pid());
        } catch (RuntimeException noPid) {
            return false;
        }
    }

    static String describe(@Nullable Object message) {
        if (message == null) {
            return "null";
        }
        return message.getClass().getSimpleName() + "[" + message + "]";
    }

    static String describeAll(List<?> messages) {
        if (messages.isEmpty()) {
            return "nothing";
        }
        StringBuilder text = new StringBuilder();
        for (Object message : messages) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(describe(message));
        }
        return text.toString();
    }

    // ---- requests, run in the probe process ----

    private static final class Request<R> {

        /** Makes the probe's body return, so the probe exits normally. */
        static final Request<Object> CLOSE = new Request<>(body -> Boolean.TRUE);

        final Function<Body, R> operation;
        final CompletableFuture<R> result = new CompletableFuture<>();

        Request(Function<Body, R> operation) {
            this.operation = operation;
        }

        void runIn(Body body) {
            try {
                result.complete(operation.apply(body));
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }
    }

    /**
     * The probe process's side. Messages taken from the mailbox but not yet consumed wait in
     * {@link #queued}, in order, in front of the mailbox: that is what lets {@code receiveWhile} leave
     * the first non-matching message in place. Confined to the probe process.
     */
    private static final class Body {

        final ProcessContext ctx;
        final ArrayDeque<Object> queued = new ArrayDeque<>();

        Body(ProcessContext ctx) {
            this.ctx = ctx;
        }

        void serve(BlockingQueue<Request<?>> requests) throws InterruptedException {
            while (true) {
                Request<?> request = requests.take();
                if (request == Request.CLOSE) {
                    return;
                }
                request.runIn(this);
            }
        }

        /** The next message within the deadline: a queued one, else one from the mailbox. */
        private Optional<Object> next(long deadline) {
            Object head = queued.pollFirst();
            if (head != null) {
                return Optional.of(head);
            }
            return ctx.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }

        /** Moves what the mailbox holds now into {@link #queued}. */
        private void drainMailbox() {
            queued.addAll(ctx.flush());
        }

        Object take(Predicate<Object> matcher, String expected, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            drainMailbox();
            for (Iterator<Object> it = queued.iterator(); it.hasNext(); ) {
                Object message = it.next();
                if (matcher.test(message)) {
                    it.remove();
                    return message;
                }
            }
            List<Object> others = new ArrayList<>(queued);
            while (true) {
                Optional<Object> received = ctx.receive(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (received.isEmpty()) {
                    break;
                }
                Object message = received.get();
                if (matcher.test(message)) {
                    return message;
                }
                queued.addLast(message);
                others.add(message);
            }
            throw new AssertionError("expected " + expected + " within " + timeout + " but received "
                    + describeAll(others));
        }

        Boolean expectNothing(Duration duration) {
            drainMailbox();
            if (queued.isEmpty()) {
                Optional<Object> received = ctx.receive(duration);
                if (received.isEmpty()) {
                    return Boolean.TRUE;
                }
                queued.addLast(received.get());
            }
            throw new AssertionError("expected no message within " + duration + " but received "
                    + describe(queued.peekFirst()));
        }

        List<Object> takeWhile(Predicate<Object> matcher, Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            List<Object> taken = new ArrayList<>();
            while (true) {
                Optional<Object> next = next(deadline);
                if (next.isEmpty()) {
                    return taken;
                }
                Object message = next.get();
                if (!matcher.test(message)) {
                    queued.addFirst(message);
                    return taken;
                }
                taken.add(message);
            }
        }

        Object fish(Predicate<Object> matcher, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Object> dropped = new ArrayList<>();
            while (true) {
                Optional<Object> next = next(deadline);
                if (next.isEmpty()) {
                    throw new AssertionError("expected a message matching the predicate within " + timeout
                            + " but received " + describeAll(dropped)
                            + (dropped.isEmpty() ? "" : " (dropped)"));
                }
                Object message = next.get();
                if (matcher.test(message)) {
                    return message;
                }
                dropped.add(message);
            }
        }
    }
}
