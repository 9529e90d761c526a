package dev.actorkit.internal;

import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;

/**
 * One turn of an event-driven process on the pool. Each submission makes a new one.
 *
 * <p>Why the process is not its own task: a pool thread steals a task by reading a queue slot, checking
 * the queue's index, and then compare-and-swapping the slot from the task it read to null. If the thread
 * is preempted between the check and the swap, and meanwhile the queue goes once round its array and the
 * same process lands in the same slot again, the swap succeeds. The thread then writes back its old
 * index, and the queue looks as if it held a whole array of tasks. The next submission to that queue
 * fails with {@code RejectedExecutionException: Queue capacity exceeded}; a worker's own queue fails the
 * same way, and its process is lost. A new object per submission cannot be mistaken for a later
 * submission. It costs 24 bytes per submission, not per message: an activation handles up to
 * {@code throughput} messages, and a hand-off through a worker's run-next slot submits nothing.
 *
 * <p>Concurrency: immutable; the pool runs it once.
 */
final class Activation extends ForkJoinTask<Void> {

    private final EventProcess process;

    Activation(EventProcess process) {
        this.process = process;
    }

    @Override
    protected boolean exec() {
        process.runOnWorker();
        return false; // nobody joins it; leaving the status alone saves an atomic write
    }

    @Override
    public @Nullable Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(@Nullable Void unused) {
    }
}
