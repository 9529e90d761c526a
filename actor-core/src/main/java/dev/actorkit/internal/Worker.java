package dev.actorkit.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.jspecify.annotations.Nullable;

/**
 * A thread of the scheduler's pool. It knows the turn it is running, and through it which process, so
 * that {@code ProcessContext.current()} and a send's sender cost two field reads, not a thread-local
 * lookup.
 *
 * <p>Concurrency: {@code turn}, {@code handled}, {@code activationsRun} and {@code lookedOutsideAt} are written by this thread only;
 * the slow-handler watchdog and {@code Runtime.stats()} read them racily, which is enough to notice a handler that has not returned for a while.
 * {@code turn} changes once per pool task; what changes on every hand-off lives in the {@link Activation}.
 */
final class Worker extends ForkJoinWorkerThread {

    /** The turn this thread runs now, or null between pool tasks. */
    @Nullable Activation turn;
    /** Messages handled on this thread; the watchdog sees progress by its change. */
    long handled;
    /** Activations run on this thread in all; a plain field, so counting costs no atomic write. */
    long activationsRun;
    /** {@code activationsRun} when this thread last looked at outside submissions (see {@link Activation}). */
    long lookedOutsideAt;

    private final SlowHandlerWatchdog watchdog;
    private final WorkerRoster roster;

    Worker(ForkJoinPool pool, String name, SlowHandlerWatchdog watchdog, WorkerRoster roster) {
        super(null, pool, true);
        setName(name);
        this.watchdog = watchdog;
        this.roster = roster;
    }

    @Override
    protected void onStart() {
        super.onStart();
        watchdog.watch(this);
        roster.joined(this);
    }

    /** A stand-in thread ends when its blocked handler is done: the watchdog forgets it. */
    @Override
    protected void onTermination(@Nullable Throwable exception) {
        watchdog.forget(this);
        roster.left(this);
        super.onTermination(exception);
    }

    /** The process whose activation runs on this thread now, or null. Racy from other threads. */
    @Nullable ProcessCell running() {
        Activation current = turn;
        return current == null ? null : current.running;
    }
}
