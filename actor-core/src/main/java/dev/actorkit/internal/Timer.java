package dev.actorkit.internal;

import dev.actorkit.TimerRef;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A message waiting to be sent at a time: {@code sendAfter}.
 *
 * <p>A timer to a process is listed by that process while pending, and cancelled when the process exits,
 * as Erlang cancels timers to a dead pid: the executor then lets go of it, and of the process, at once
 * rather than at the deadline. Its message is recorded as a {@code NO_PROCESS} dead letter then, as it
 * would have been at the deadline. A timer to a supervised child's stable ref outlives incarnations.
 *
 * <p>Concurrency: the state word decides once between firing (the timer thread) and cancelling (any
 * thread), so {@link #cancel()} returns true exactly when the message will never be sent.
 */
final class Timer extends AtomicInteger implements TimerRef, Runnable {

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    /** A process, or a supervised child's slot: a timer set on a stable ref fires into whatever incarnation runs then. */
    private final Recipient target;
    private final Object message;
    private volatile @Nullable Future<?> scheduled;

    Timer(Recipient target, Object message) {
        this.target = target;
        this.message = message;
    }

    void scheduled(Future<?> future) {
        this.scheduled = future;
        if (get() == CANCELLED) {
            future.cancel(false);
        }
    }

    @Override
    public void run() {
        if (compareAndSet(PENDING, FIRED)) {
            if (target instanceof ProcessCell cell) {
                cell.timerDone(this);
            }
            // Never waits: the one timer thread must not block on a BLOCK mailbox (every timer would wait
            // with it), and a full mailbox makes the message an OVERFLOW dead letter, not a lost exception.
            target.deliverWithoutWaiting(message);
        }
    }

    @Override
    public boolean cancel() {
        if (!cancelScheduled()) {
            return false;
        }
        if (target instanceof ProcessCell cell) {
            cell.timerDone(this);
        }
        return true;
    }

    /**
     * Its target exited: cancels the timer and returns the message it will never send, for a
     * {@code NO_PROCESS} dead letter now (as it would have been at the deadline); null if it fired or was
     * cancelled already. The exiting process drops its list of timers itself.
     */
    @Nullable Object cancelAtExit() {
        return cancelScheduled() ? message : null;
    }

    /** Decides for cancelling, once; then frees the executor's slot now rather than at the deadline. */
    private boolean cancelScheduled() {
        if (!compareAndSet(PENDING, CANCELLED)) {
            return false;
        }
        Future<?> future = scheduled;
        if (future != null) {
            future.cancel(false);
        }
        return true;
    }

    @Override
    public boolean isPending() {
        return get() == PENDING;
    }

    @Override
    public String toString() {
        return "Timer[" + message + " to " + target + (isPending() ? ", pending]" : "]");
    }
}
