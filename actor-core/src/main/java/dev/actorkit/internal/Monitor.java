package dev.actorkit.internal;

import dev.actorkit.Down;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessRef;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One monitor: a watcher (a process, or a callback such as a pending call) told once when the target
 * exits.
 *
 * <p>Concurrency: the state word decides, once, between firing (the target's exit, any thread) and
 * cancelling ({@code demonitor}, the watcher's thread). A canceller that loses sees {@code FIRING} or
 * {@code FIRED}; it waits out {@code FIRING} so that, when it returns, the {@code Down} is already in
 * the watcher's mailbox and can be flushed.
 */
final class Monitor extends AtomicInteger {

    private static final int ACTIVE = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int CANCELLED = 3;

    final MonitorRef ref;
    final ProcessCell target;
    /** The process told with a {@code Down} message; null when {@link #callback} is told instead. */
    final @Nullable ProcessCell watcher;
    private final @Nullable Consumer<ExitReason> callback;
    /** Who watches, as introspection shows it: the watcher, or the caller a pending call waits for. */
    final ProcessRef<?> observer;

    Monitor(MonitorRef ref, ProcessCell target, ProcessCell watcher) {
        this.ref = ref;
        this.target = target;
        this.watcher = watcher;
        this.callback = null;
        this.observer = watcher;
    }

    Monitor(MonitorRef ref, ProcessCell target, ProcessRef<?> observer, Consumer<ExitReason> callback) {
        this.ref = ref;
        this.target = target;
        this.watcher = null;
        this.callback = callback;
        this.observer = observer;
    }

    /** Delivers the {@code Down} unless cancelled. Called by the thread that ended the target. */
    void fire(ExitReason reason) {
        if (!compareAndSet(ACTIVE, FIRING)) {
            return;
        }
        try {
            if (watcher != null) {
                watcher.deliverSignalMessage(new Down(ref, target, reason));
                watcher.forgetMonitor(this);
            } else if (callback != null) {
                callback.accept(reason);
            }
        } finally {
            set(FIRED);
        }
    }

    /**
     * Turns the monitor off ({@code demonitor}). Returns true if it was active; otherwise returns once
     * any {@code Down} it produced is in the watcher's mailbox, so that a flush can remove it. Only the
     * watcher's own thread calls this, and that thread never fires its own monitors.
     */
    boolean cancel() {
        if (release()) {
            return true;
        }
        while (get() == FIRING) {
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Turns the monitor off if it is still active, without waiting for a firing in progress: for
     * cleanup, which may run on the firing thread itself (a call completed by its own monitor).
     */
    boolean release() {
        if (compareAndSet(ACTIVE, CANCELLED)) {
            target.forgetMonitoredBy(this);
            return true;
        }
        return false;
    }
}
