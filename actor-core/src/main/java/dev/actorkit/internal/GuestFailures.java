package dev.actorkit.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log for failures of guests: code the runtime calls but does not own (process observers,
 * dead-letter listeners, context propagators). A guest's failure, {@code Error} included, is caught where
 * the runtime calls it, so that it cannot change what happens to a process; it is logged here at most once
 * a second per kind of guest, with the number of failures left unlogged since, so that a guest that
 * fails on every message cannot flood the log.
 *
 * <p>Concurrency: thread-safe; any thread may report.
 */
final class GuestFailures {

    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    GuestFailures(String loggerName) {
        this.log = System.getLogger(loggerName);
    }

    /** {@code guest} threw {@code failure} while the runtime called it for {@code what}; it has been ignored. */
    void failed(Object guest, String what, Throwable failure) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            long skipped = unlogged.getAndSet(0);
            log.log(Level.WARNING, guest + " threw on " + what + "; ignored, the runtime carried on without it"
                    + (skipped > 0 ? " (" + skipped + " more such failures since the last report)" : ""), failure);
        } else {
            unlogged.incrementAndGet();
        }
    }
}
