package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import java.util.concurrent.CompletableFuture;

/**
 * A process's {@code termination()}: completed by the runtime with the exit reason, read-only to
 * everyone else. Callers share this one future; what they chain on it ({@code thenApply}, ...) are
 * ordinary futures of their own.
 *
 * <p>Concurrency: thread-safe, as {@link CompletableFuture}.
 */
final class TerminationFuture extends CompletableFuture<ExitReason> {

    /** The runtime's completion, once the process has exited. */
    void exited(ExitReason reason) {
        super.complete(reason);
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a process's termination() future is completed by the runtime when the"
                + " process exits; it cannot be completed or cancelled by its readers. Chain a future of your own on it"
                + " (thenApply, ...) or end the process with Scheduler.exit(ref, reason).");
    }

    @Override
    public boolean complete(ExitReason value) {
        throw readOnly();
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw readOnly();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        throw readOnly();
    }

    @Override
    public void obtrudeValue(ExitReason value) {
        throw readOnly();
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw readOnly();
    }

    @Override
    public CompletableFuture<ExitReason> completeAsync(java.util.function.Supplier<? extends ExitReason> supplier,
                                                       java.util.concurrent.Executor executor) {
        throw readOnly();
    }

    /** On a future of the caller's own: a timeout must not end the shared one for every reader. */
    @Override
    public CompletableFuture<ExitReason> orTimeout(long timeout, java.util.concurrent.TimeUnit unit) {
        return copy().orTimeout(timeout, unit);
    }

    /** On a future of the caller's own, as {@link #orTimeout}. */
    @Override
    public CompletableFuture<ExitReason> completeOnTimeout(ExitReason value, long timeout, java.util.concurrent.TimeUnit unit) {
        return copy().completeOnTimeout(value, timeout, unit);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>(); // dependents are the reader's own, completable as usual
    }
}
