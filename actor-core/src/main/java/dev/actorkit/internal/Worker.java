package dev.actorkit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.jspecify.annotations.Nullable;

/**
 * A thread of the scheduler's pool. It knows which process it is running, so that
 * {@code ProcessContext.current()} and a send's sender cost a field read, not a thread-local lookup.
 *
 * <p>Concurrency: {@code running} and {@code handled} are written by this thread only; the slow-handler
 * watchdog reads them racily, which is enough to notice a handler that has not returned for a while.
 * The {@code next} slot is filled by this thread only and emptied by this thread or the watchdog; it is
 * emptied atomically, so a process in it runs exactly once: here, or on the pool if the watchdog or a
 * blocking call hands it over.
 */
final class Worker extends ForkJoinWorkerThread {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Worker.class, "next", EventProcess.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The process whose activation runs on this thread now, or null between activations. */
    @Nullable ProcessCell running;
    /** Messages handled on this thread; the watchdog sees progress by its change. */
    long handled;
    /**
     * A process woken by the running one, to run on this thread right after it (the "run next" slot of
     * Go's and Tokio's schedulers): a hand-off then stays on one warm core. Offered by this thread only;
     * taken by this thread, or by the watchdog when this thread is stuck in a handler.
     */
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile @Nullable EventProcess next;

    /** Puts {@code process} in the slot if it is free. This thread only. */
    boolean offerNext(EventProcess process) {
        // No CAS: only this thread fills the slot, and the watchdog only empties it, so a slot seen
        // empty here stays empty until this thread fills it.
        if (NEXT.getOpaque(this) != null) {
            return false;
        }
        NEXT.setRelease(this, process); // publishes the process to the watchdog's getAndSet
        return true;
    }

    /** Empties the slot. This thread, or the watchdog. */
    @Nullable EventProcess takeNext() {
        if (NEXT.getOpaque(this) == null) {
            return null; // the common case after an activation that woke nobody: no atomic write
        }
        return (EventProcess) NEXT.getAndSet(this, null); // this thread and the watchdog may race for it
    }

    boolean hasNext() {
        return NEXT.getVolatile(this) != null;
    }

    Worker(ForkJoinPool pool, String name) {
        super(null, pool, true);
        setName(name);
    }
}
