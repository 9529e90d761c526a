package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * How {@code Scheduler.close()} stops every process: the roots (processes spawned from outside any
 * process) one at a time in reverse start order, as a supervisor stops its children, so that each tree
 * stops from its top by its own shutdown specs; then whatever is left, all at once; at the deadline the
 * stragglers are killed and named in the log; and it returns once their mailboxes are dead letters.
 *
 * <p>Concurrency: run once, by the thread that closes the scheduler; the processes end on their own
 * threads and it waits for them.
 */
final class OrderedShutdown {

    private static final System.Logger LOG = System.getLogger("dev.actorkit.Scheduler");
    /** How long close() waits, past its deadline, for the processes it killed to drain their mailboxes. */
    private static final long DRAIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Collection<ProcessCell> live;
    private final SystemRef systemRef;

    OrderedShutdown(Collection<ProcessCell> live, SystemRef systemRef) {
        this.live = live;
        this.systemRef = systemRef;
    }

    void run(Duration timeout) {
        long deadline = System.nanoTime() + ProcessCell.toNanos(timeout);
        List<ProcessCell> everyone = List.copyOf(live);
        List<ProcessCell> roots = new ArrayList<>();
        for (ProcessCell cell : everyone) {
            if (cell.root) {
                roots.add(cell);
            }
        }
        roots.sort(Comparator.comparingLong((ProcessCell cell) -> cell.id).reversed());
        for (ProcessCell root : roots) {
            shutDown(List.of(root), deadline);
        }
        shutDown(List.copyOf(live), deadline);
        for (ProcessCell cell : List.copyOf(live)) {
            if (cell.terminate(ExitReason.SHUTDOWN)) { // even if it traps exits
                LOG.log(Level.WARNING, () -> "Scheduler.close(): process " + cell + " did not stop within the shutdown"
                        + " timeout of " + timeout + "; killed. Make it return from its handler or body when it receives"
                        + " Exit(..., shutdown), or give close() a longer timeout.");
            }
        }
        // Their last activations turn what is left in their mailboxes into dead letters; wait for that,
        // within the deadline (and a moment more for processes killed just now), so that nothing is
        // still on its way when close() returns.
        awaitMailboxesDrained(everyone, Math.max(deadline, System.nanoTime() + DRAIN_GRACE_NANOS));
    }

    /** Sends {@code SHUTDOWN} to each process and waits, until the deadline at most, for all of them to exit. */
    private void shutDown(List<ProcessCell> cells, long deadline) {
        List<CompletableFuture<ExitReason>> endings = new ArrayList<>(cells.size());
        for (ProcessCell cell : cells) {
            endings.add(cell.termination());
            cell.exitSignal(systemRef, ExitReason.SHUTDOWN);
        }
        try {
            CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            // Trapping processes that did not finish in time: run() stops them regardless.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Waits until every process's consumer has let go of its mailbox, or the deadline passes. */
    private static void awaitMailboxesDrained(List<ProcessCell> cells, long deadline) {
        for (ProcessCell cell : cells) {
            while (!cell.consumerDone() && deadline - System.nanoTime() > 0) {
                // A short park, not a future per process: this runs once, at close, and costs nothing before.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
