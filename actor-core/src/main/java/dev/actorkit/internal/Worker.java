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
 * The {@code next} slot is taken atomically, so a process in it runs exactly once: here, or on the
 * pool if the watchdog or a blocking call hands it over.
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
        return NEXT.compareAndSet(this, null, process);
    }

    /** Empties the slot. This thread, or the watchdog. */
    @Nullable EventProcess takeNext() {
        return (EventProcess) NEXT.getAndSet(this, null);
    }

    boolean hasNext() {
        return NEXT.getVolatile(this) != null;
    }

    Worker(ForkJoinPool pool, String name) {
        super(null, pool, true);
        setName(name);
    }
}
