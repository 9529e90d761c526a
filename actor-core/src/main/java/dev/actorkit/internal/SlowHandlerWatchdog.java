package dev.actorkit.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Reports handlers that hold a pool thread too long, like Vert.x's blocked-thread checker: a daemon
 * thread looks at every worker twice per threshold; a worker still running the same process without
 * having finished a message since is reported once, with the process and the worker's stack.
 *
 * <p>It also frees a stuck worker's "run next" slot: a process a handler woke waits there for that
 * handler to return, and a handler that blocks must not keep it waiting. For the same reason it wakes
 * an idle worker to steal what waits in a stuck worker's queue.
 *
 * <p>Concurrency: workers write their turn's {@code running} and their {@code handled} without synchronization; this
 * thread reads them racily. A stale read delays a report by one look at most; it never invents one,
 * since both values must stay unchanged over a whole threshold.
 */
final class SlowHandlerWatchdog implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.actorkit.SlowHandler");

    private final long thresholdNanos;
    private final CopyOnWriteArrayList<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicLong reported = new AtomicLong();
    private volatile boolean stopped;
    private @Nullable Thread thread;

    SlowHandlerWatchdog(Duration threshold) {
        this.thresholdNanos = ProcessCell.toNanos(threshold);
    }

    /** Starts watching a new worker; starts the watchdog thread with the first. */
    synchronized void watch(Worker worker) {
        workers.add(worker);
        if (thread == null && !stopped) {
            thread = Thread.ofPlatform().daemon().name("actorkit-slow-handler-watchdog").start(this);
        }
    }

    /** Stops watching a worker whose thread ends, so that the list follows the pool's threads, churn included. */
    void forget(Worker worker) {
        workers.remove(worker);
    }

    /** Workers watched now; for tests. */
    int watchedWorkers() {
        return workers.size();
    }

    long reported() {
        return reported.get();
    }

    boolean isRunning(ProcessCell process) {
        for (Worker worker : workers) {
            if (worker.running() == process) {
                return true;
            }
        }
        return false;
    }

    void stop() {
        stopped = true;
        Thread watcher;
        synchronized (this) {
            watcher = thread;
        }
        if (watcher != null) {
            LockSupport.unpark(watcher);
        }
    }

    private record Seen(ProcessCell process, long handled, long since, boolean reported) {
    }

    @Override
    public void run() {
        Map<Worker, Seen> seen = new HashMap<>();
        // Often enough to free a worker's "run next" slot soon when its handler blocks (e.g. on a
        // latch another process must count down); reports still wait for the full threshold.
        long interval = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(TimeUnit.MILLISECONDS.toNanos(20), thresholdNanos / 2));
        while (!stopped) {
            LockSupport.parkNanos(this, interval);
            long now = System.nanoTime();
            seen.keySet().removeIf(worker -> !worker.isAlive()); // ended threads, as the list forgets them
            for (Worker worker : workers) {
                Activation turn = worker.turn;
                ProcessCell running = turn == null ? null : turn.running;
                long handled = worker.handled;
                Seen before = seen.get(worker);
                if (running == null || !worker.isAlive()) {
                    seen.remove(worker);
                } else if (before == null || before.process() != running || before.handled() != handled) {
                    seen.put(worker, new Seen(running, handled, now, false));
                } else {
                    if (turn.hasNext()) {
                        // Stuck in one handler with a process waiting in its slot: give that one to the pool.
                        EventProcess next = turn.takeNext();
                        if (next != null) {
                            next.runtime.executeOnPool(next);
                        }
                    }
                    wakeIdleWorkerFor(worker);
                    if (!before.reported() && now - before.since() >= thresholdNanos) {
                        seen.put(worker, new Seen(running, handled, before.since(), true));
                        report(worker, running, now - before.since());
                    }
                }
            }
        }
    }

    /**
     * Processes woken on a worker go into its own queue without waking an idle worker (see
     * {@code Runtime.execute}); if that worker is stuck in a handler, they would wait for it while
     * another thread sleeps. An outside submission wakes one, which then steals them. Only when one
     * sleeps: with every worker busy the empty task would just queue up, one more at every look.
     */
    private static void wakeIdleWorkerFor(Worker stuck) {
        ForkJoinPool pool = stuck.getPool();
        if (pool.getActiveThreadCount() < pool.getParallelism() && pool.getQueuedTaskCount() > 0) {
            pool.execute(NOTHING);
        }
    }

    private static final Runnable NOTHING = () -> { };

    private void report(Worker worker, ProcessCell process, long nanos) {
        reported.incrementAndGet();
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : worker.getStackTrace()) {
            stack.append("\n\tat ").append(frame);
        }
        LOG.log(Level.WARNING, "a handler of process " + process + " has held pool thread " + worker.getName() + " for "
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms. Handlers on the pool must not block: if it waits for I/O,"
                + " locks or sleeps, declare the class @Process(blocking = true) so its handlers run on virtual threads."
                + " Its stack:" + stack);
    }
}
