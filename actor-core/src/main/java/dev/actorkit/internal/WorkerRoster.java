package dev.actorkit.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool threads alive now, so that {@code stats()} can sum their activation counters; a thread that
 * ends hands its count to {@code retired} and leaves, so the roster does not grow with the stand-in
 * threads the pool starts and ends around blocked handlers.
 *
 * <p>Concurrency: threads join and leave from their own start and termination; the sum is read by any
 * thread and may lag the workers' plain counters by a few activations, which a rate does not notice.
 */
final class WorkerRoster {

    private final Set<Worker> alive = ConcurrentHashMap.newKeySet();
    private final LongAdder retired = new LongAdder();

    void joined(Worker worker) {
        alive.add(worker);
    }

    void left(Worker worker) {
        // Count first, then leave: a reader in between sees the thread's activations twice at worst, never lost.
        retired.add(worker.activationsRun);
        alive.remove(worker);
    }

    long activations() {
        long sum = retired.sum();
        for (Worker worker : alive) {
            sum += worker.activationsRun;
        }
        return sum;
    }
}
