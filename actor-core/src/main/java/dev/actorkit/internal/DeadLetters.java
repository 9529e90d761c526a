package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import java.lang.System.Logger.Level;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Records dead letters: counts them, tells the listeners, and logs them at most once a second (with the
 * number left unlogged), as Pekko rate-limits its dead-letter log.
 *
 * <p>Concurrency: any thread may record; listeners are called on the recording thread.
 */
final class DeadLetters {

    private static final System.Logger LOG = System.getLogger("dev.actorkit.DeadLetters");
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final GuestFailures LISTENER_FAILURES = new GuestFailures("dev.actorkit.DeadLetters");

    private final LongAdder count = new LongAdder();
    private final CopyOnWriteArrayList<Consumer<DeadLetter>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    void record(DeadLetter letter) {
        count.increment();
        for (Consumer<DeadLetter> listener : listeners) {
            try {
                listener.accept(letter);
            } catch (Throwable failure) {
                // Anything, an Error included: a listener must not fail the send that made the dead letter.
                LISTENER_FAILURES.failed("dead-letter listener " + listener, "the dead letter " + letter, failure);
            }
        }
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            long skipped = unlogged.getAndSet(0);
            LOG.log(Level.INFO, () -> "dead letter (" + letter.cause() + "): " + describe(letter.message()) + " to "
                    + letter.recipient() + (skipped > 0 ? " (" + skipped + " more since the last report)" : ""));
        } else {
            unlogged.incrementAndGet();
        }
    }

    long count() {
        return count.sum();
    }

    AutoCloseable subscribe(Consumer<DeadLetter> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private static String describe(Object message) {
        String text = String.valueOf(message);
        return message.getClass().getName() + (text.length() > 200 ? " " + text.substring(0, 200) + "…" : " " + text);
    }
}
