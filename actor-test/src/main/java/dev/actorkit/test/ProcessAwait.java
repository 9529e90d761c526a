package dev.actorkit.test;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, in a test, for a process to die or for a supervised child to be restarted. Each wait has a
 * deadline and fails with an {@link AssertionError} that says what did not happen in time.
 *
 * <p>Thread-safe: stateless static methods; call them from the test thread (never from inside a
 * process, which they would block).
 */
public final class ProcessAwait {

    /** The first pause between two looks at a stable ref, doubled up to {@link #MAX_POLL}. */
    private static final long MIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_POLL = TimeUnit.MILLISECONDS.toNanos(10);

    private ProcessAwait() {
    }

    /**
     * Waits until {@code process} has exited, at most {@code timeout}.
     *
     * @return its exit reason
     * @throws AssertionError if it is still alive after {@code timeout}
     */
    public static ExitReason awaitDeath(ProcessRef<?> process, Duration timeout) {
        Objects.requireNonNull(process, "process must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        try {
            return process.termination().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + process + " to exit", e);
        } catch (ExecutionException e) {
            throw new AssertionError("termination of " + process + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("expected " + process + " to exit within " + timeout
                    + " but it is still alive");
        }
    }

    /**
     * Waits until the supervised child behind {@code stableRef} (a supervisor's
     * {@code child(id)} ref, which follows the child across restarts) runs as an incarnation other than
     * {@code previous}, at most {@code timeout}.
     *
     * <p>There is no event for "a new incarnation started", so this looks at {@code stableRef.pid()}
     * repeatedly, pausing between looks (0.1 ms, doubling up to 10 ms) until the deadline.
     *
     * @param previous the pid of the incarnation expected to be replaced, read before the crash
     * @return the pid of the new, live incarnation
     * @throws AssertionError if no other live incarnation appeared within {@code timeout}
     */
    public static Pid awaitRestart(ProcessRef<?> stableRef, Pid previous, Duration timeout) {
        Objects.requireNonNull(stableRef, "stableRef must not be null");
        Objects.requireNonNull(previous, "previous must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null");
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = MIN_POLL_NANOS;
        Pid seen = null;
        while (true) {
            try {
                seen = stableRef.pid();
                if (!seen.equals(previous) && stableRef.isAlive()) {
                    return seen;
                }
            } catch (RuntimeException noIncarnation) {
                // between incarnations a ref may have no pid: look again
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + stableRef + " to restart");
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, MAX_POLL);
        }
        String now = seen == null ? "it has no incarnation"
                : seen.equals(previous) ? "it is still " + previous + (stableRef.isAlive() ? " (alive)" : " (dead)")
                : "it is " + seen + " but not alive";
        throw new AssertionError("expected " + stableRef + " to restart as a pid other than " + previous
                + " within " + timeout + " but " + now);
    }
}
