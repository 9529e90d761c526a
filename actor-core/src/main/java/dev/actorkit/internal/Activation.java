package dev.actorkit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;

/**
 * One turn of event-driven processes on a pool worker: the process it was submitted for, then the
 * processes those woke, handed on through its run-next slot. Each submission makes a new one.
 *
 * <p>Why the process is not its own task: a pool thread steals a task by reading a queue slot, checking
 * the queue's index, and then compare-and-swapping the slot from the task it read to null. If the thread
 * is preempted between the check and the swap, and meanwhile the queue goes once round its array and the
 * same process lands in the same slot again, the swap succeeds. The thread then writes back its old
 * index, and the queue looks as if it held a whole array of tasks. The next submission to that queue
 * fails with {@code RejectedExecutionException: Queue capacity exceeded}; a worker's own queue fails the
 * same way, and its process is lost. A new object per submission cannot be mistaken for a later
 * submission.
 *
 * <p>Why the running process and the slot live here and not in the {@link Worker}: they change on every
 * hand-off, and they are references. G1's write barrier makes a reference store into an old object (a
 * worker thread) pay a memory fence, while a store into a young one, as this short-lived task is, stops
 * at a compare.
 *
 * <p>Concurrency: fairness. A worker runs the tasks in its own queue for as long as there are any, and
 * only then looks at submissions from outside the pool (plain threads, the timer thread, the watchdog).
 * A busy process re-submits itself to its worker's own queue, so N busy processes on N workers would
 * keep every process woken from outside waiting for ever. So every {@link #FAIR_SHARE} activations a
 * worker takes one outside submission itself (ForkJoinTask.pollSubmission, which starts at a random
 * submission queue) and runs it before going back to its own queue: a process woken from outside waits
 * a bounded number of activations however busy the pool is, as BEAM's reductions bound a process's
 * turn. It costs a subtraction per turn on the activation count the worker keeps anyway, and one scan of the submission queues per sixteen.
 *
 * <p>Concurrency: {@code running} is written by the worker running this turn only; the watchdog and
 * introspection read it racily. The {@code next} slot is filled by that worker only and emptied by it or
 * by the watchdog; it is emptied atomically, so a process in it runs exactly once: here, or on the pool
 * if the watchdog or a blocking call hands it over. When a turn ends its slot is empty.
 */
final class Activation extends ForkJoinTask<Void> {

    private static final VarHandle NEXT;

    static {
        try {
            NEXT = MethodHandles.lookup().findVarHandle(Activation.class, "next", EventProcess.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventProcess process;
    /** The process whose activation runs in this turn now, or null between activations. */
    @Nullable ProcessCell running;
    /**
     * A process woken by the running one, to run on this thread right after it (the "run next" slot of
     * Go's and Tokio's schedulers): a hand-off then stays on one warm core.
     */
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile @Nullable EventProcess next;

    Activation(EventProcess process) {
        this.process = process;
    }

    /** Activations a worker runs from its own queue between two looks at outside submissions. */
    static final int FAIR_SHARE = 16;

    @Override
    protected boolean exec() {
        if (Thread.currentThread() instanceof Worker worker) {
            runOn(worker);
            if (worker.activationsRun - worker.lookedOutsideAt >= FAIR_SHARE) {
                worker.lookedOutsideAt = worker.activationsRun;
                runOutsideSubmission(worker);
            }
        }
        return false; // nobody joins it; leaving the status alone saves an atomic write
    }

    private void runOn(Worker worker) {
        worker.turn = this;
        try {
            process.runOnWorker(this);
        } finally {
            worker.turn = null;
        }
    }

    /** Takes one task submitted from outside the pool, if any, and runs it here, now. */
    private static void runOutsideSubmission(Worker worker) {
        ForkJoinTask<?> outside = pollSubmission();
        if (outside instanceof Activation activation) {
            activation.runOn(worker); // not exec(): one outside task per look, no recursion
        } else if (outside != null) {
            outside.quietlyInvoke(); // e.g. the watchdog's wake-up task; runs to completion here
        }
    }

    /** Puts {@code woken} in the slot if it is free. The turn's worker only. */
    boolean offerNext(EventProcess woken) {
        // No CAS: only this worker fills the slot, and the watchdog only empties it, so a slot seen
        // empty here stays empty until this worker fills it.
        if (NEXT.getOpaque(this) != null) {
            return false;
        }
        NEXT.setRelease(this, woken); // publishes the process to the watchdog's getAndSet
        return true;
    }

    /** Empties the slot. The turn's worker, or the watchdog. */
    @Nullable EventProcess takeNext() {
        if (NEXT.getOpaque(this) == null) {
            return null; // the common case after an activation that woke nobody: no atomic write
        }
        return (EventProcess) NEXT.getAndSet(this, null); // the worker and the watchdog may race for it
    }

    boolean hasNext() {
        return NEXT.getVolatile(this) != null;
    }

    @Override
    public @Nullable Void getRawResult() {
        return null;
    }

    @Override
    protected void setRawResult(@Nullable Void unused) {
    }
}
