package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.NoProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The ref standing for code outside any process, {@code <0.0.0>}: the sender of signals and calls made
 * from plain threads. Alive while the scheduler is open; it has no mailbox, so messages to it are dead
 * letters. Thread-safe.
 */
final class SystemRef implements ProcessRef<Object> {

    private static final Pid PID = new Pid(0, 0, 0);

    private final Runtime runtime;
    private final CompletableFuture<ExitReason> termination = new CompletableFuture<>();

    SystemRef(Runtime runtime) {
        this.runtime = runtime;
    }

    void closed() {
        termination.complete(ExitReason.SHUTDOWN);
    }

    @Override
    public Pid pid() {
        return PID;
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        runtime.deadLetter(this, message, DeadLetter.Cause.NO_PROCESS);
    }

    @Override
    public boolean isAlive() {
        return !termination.isDone();
    }

    @Override
    public CompletableFuture<ExitReason> termination() {
        return termination.copy();
    }

    @Override
    public <R> R call(Object request) {
        throw notCallable();
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        throw notCallable();
    }

    @Override
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        return CompletableFuture.failedFuture(notCallable());
    }

    private static NoProcessException notCallable() {
        return new NoProcessException("the system ref " + PID + " stands for code outside processes and cannot be called");
    }

    @Override
    public String toString() {
        return PID + " (system)";
    }
}
