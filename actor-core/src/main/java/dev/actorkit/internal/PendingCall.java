package dev.actorkit.internal;

import dev.actorkit.Call;
import dev.actorkit.CallTimeoutException;
import dev.actorkit.ErrorReplyException;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Reply;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One {@code call} in flight: the {@link Call} message (and {@link Reply}) the callee gets, and the future the caller
 * waits on, completed by the first of reply, callee exit (through a monitor) or timeout.
 *
 * <p>Concurrency: the future decides the race; whatever comes second finds it done and is dropped, so a
 * late reply is never delivered anywhere. Completion cancels the monitor and the timeout.
 */
final class PendingCall<R> implements Call, Reply<R> {

    private final ProcessCell target;
    private final Object request;
    private final ProcessRef<?> from;
    private final Duration timeout;
    private final CompletableFuture<R> future = new CompletableFuture<>();

    PendingCall(ProcessCell target, Object request, ProcessRef<?> from, Duration timeout) {
        this.target = target;
        this.request = request;
        this.from = from;
        this.timeout = timeout;
    }

    /** Ties the monitor's end to the call's end. */
    void watchedBy(Monitor monitor) {
        future.whenComplete((value, failure) -> monitor.release());
    }

    /** For ask: a timer fails the call when the time is up (call waits with its own timed wait). */
    void armTimeout(ScheduledExecutorService timers) {
        ScheduledFuture<?> timer = timers.schedule(this::timedOut, Math.max(1, ProcessCell.toNanos(timeout)), TimeUnit.NANOSECONDS);
        future.whenComplete((value, failure) -> timer.cancel(false));
    }

    /** The caller gave up waiting (interrupted): later replies are dropped. */
    void cancel() {
        future.cancel(false);
    }

    CompletableFuture<R> future() {
        return future;
    }

    void fail(RuntimeException failure) {
        future.completeExceptionally(failure);
    }

    void targetExited(ExitReason reason) {
        fail(new ProcessExitException("call to " + target.pid() + " with " + request.getClass().getName()
                + " failed: the process exited with " + reason + " before it replied", reason));
    }

    void timedOut() {
        fail(new CallTimeoutException("call to " + target + " with " + request.getClass().getName() + " got no reply within "
                + timeout + ". Check that the process's handler for " + request.getClass().getSimpleName()
                + " replies (a blocking-style process must answer the Call with reply(...)), or raise the timeout."));
    }

    @Override
    public Object request() {
        return request;
    }

    @Override
    public ProcessRef<?> from() {
        return from;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean reply(@Nullable Object value) {
        return future.complete((R) value);
    }

    @Override
    public boolean replyError(Object reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        return future.completeExceptionally(new ErrorReplyException("call to " + target + " with "
                + request.getClass().getName() + " was answered with an error: " + reason, reason));
    }

    @Override
    public String toString() {
        return "Call[" + request + " from " + from + "]";
    }
}
