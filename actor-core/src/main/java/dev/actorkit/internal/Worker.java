package dev.actorkit.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.jspecify.annotations.Nullable;

/**
 * A thread of the scheduler's pool. It knows which process it is running, so that
 * {@code ProcessContext.current()} and a send's sender cost a field read, not a thread-local lookup.
 *
 * <p>Concurrency: {@code running} and {@code handled} are written by this thread only; the slow-handler
 * watchdog reads them racily, which is enough to notice a handler that has not returned for a while.
 */
final class Worker extends ForkJoinWorkerThread {

    /** The process whose activation runs on this thread now, or null between activations. */
    @Nullable ProcessCell running;
    /** Messages handled on this thread; the watchdog sees progress by its change. */
    long handled;

    Worker(ForkJoinPool pool, String name) {
        super(null, pool, true);
        setName(name);
    }
}
