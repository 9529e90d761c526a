package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.ProcessTerminatedException;
import dev.actorkit.Scheduler;
import dev.actorkit.TimerRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A blocking-style process: a {@link ProcessBody} on its own virtual thread, reading its mailbox with
 * {@code receive}. It is its own {@link ProcessContext}.
 *
 * <p>Concurrency: the mailbox has one consumer, this process's thread; every context method checks
 * that it runs there. Selective receive moves messages it skips into {@code saved}, a queue private to
 * that thread, which later receives scan first, so skipped messages keep their order. The thread parks
 * when it finds no message; producers unpark it after their offer if {@code waiting} is set (a Dekker
 * handshake: the consumer sets {@code waiting} then polls again; a producer offers then reads
 * {@code waiting}). Another thread that ends this process unparks and interrupts it, and every
 * runtime call then throws {@link ProcessTerminatedException}.
 */
final class BlockingProcess extends ProcessCell implements ProcessContext, Runnable {

    private final ProcessBody body;
    private final Thread thread;
    /** True while the thread is parked, or about to park, in receive. */
    private volatile boolean waiting;
    /** Messages set aside by selective receive, oldest first; this process's thread only. */
    private @Nullable ArrayDeque<Object> saved;

    BlockingProcess(Runtime runtime, long id, ProcessBody body) {
        super(runtime, id);
        this.body = body;
        this.thread = Thread.ofVirtual().unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        setCurrent(this);
        ExitReason reason = ExitReason.NORMAL;
        try {
            if (isAlive()) {
                body.run(this);
            }
        } catch (ProcessTerminatedException unwinding) {
            // Already dead: killed, taken down by a link, or exit(reason) on self.
        } catch (Throwable crash) {
            reason = ExitReason.error(crash);
        } finally {
            terminate(reason); // no-op if already dead
            consumerExited(saved);
            saved = null;
            setCurrent(null);
        }
    }

    @Override
    ProcessContext context() {
        return this;
    }

    @Override
    boolean isOwnThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    void wakeConsumer() {
        if (waiting) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    void stopOwnCode() {
        LockSupport.unpark(thread);
        thread.interrupt();
    }

    @Override
    ProcessStatus status() {
        if (!isAlive()) {
            return ProcessStatus.EXITED;
        }
        return waiting ? ProcessStatus.WAITING : ProcessStatus.RUNNING;
    }

    @Override
    public int mailboxSize() {
        ArrayDeque<Object> aside = saved;
        return mailbox.size() + (aside == null ? 0 : aside.size());
    }

    // ---- ProcessContext ----

    /** Checks that the caller is this process's own code and that the process is alive. */
    private void own() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("the ProcessContext of " + pid() + " was used from thread '"
                    + Thread.currentThread().getName() + "'. A context belongs to its process: use it only in that "
                    + "process's own code, and send the process a message to make it act.");
        }
        checkAlive();
    }

    @Override
    public ProcessRef<Object> self() {
        return this;
    }

    @Override
    public Scheduler scheduler() {
        return runtime;
    }

    @Override
    public Object receive() {
        return Objects.requireNonNull(take(null, NO_TIMEOUT));
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(take(null, timeoutNanos(timeout)));
    }

    @Override
    public <M> Optional<M> receive(Class<M> type, Duration timeout) {
        Objects.requireNonNull(type, "type must not be null");
        return Optional.ofNullable(take(type::isInstance, timeoutNanos(timeout))).map(type::cast);
    }

    @Override
    public Optional<Object> receive(Predicate<Object> matcher, Duration timeout) {
        Objects.requireNonNull(matcher, "matcher must not be null");
        return Optional.ofNullable(take(matcher, timeoutNanos(timeout)));
    }

    private static long timeoutNanos(Duration timeout) {
        Runtime.requireNonNegative(timeout, "timeout");
        return toNanos(timeout);
    }

    /**
     * Erlang's receive: the oldest message the matcher accepts (any message when null), waiting up to
     * {@code timeoutNanos} ({@link #NO_TIMEOUT} = forever); null when the time is up.
     */
    private @Nullable Object take(@Nullable Predicate<Object> matcher, long timeoutNanos) {
        own();
        Object found = takeSaved(matcher);
        if (found != null) {
            return handled(found);
        }
        long deadline = timeoutNanos == NO_TIMEOUT ? 0 : System.nanoTime() + timeoutNanos;
        for (;;) {
            Object message = mailbox.poll();
            if (message == null) {
                waiting = true;
                message = mailbox.poll(); // again, now that producers will see `waiting`
                if (message == null) {
                    try {
                        if (!park(timeoutNanos, deadline)) {
                            return null;
                        }
                    } finally {
                        waiting = false;
                    }
                    continue;
                }
                waiting = false;
            }
            if (matcher == null || matcher.test(message)) {
                return handled(message);
            }
            saved().addLast(message);
        }
    }

    /** Parks until woken or the deadline; false when the deadline has passed. Throws if killed. */
    private boolean park(long timeoutNanos, long deadline) {
        if (timeoutNanos == NO_TIMEOUT) {
            LockSupport.park(this);
        } else {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, remaining);
        }
        if (Thread.interrupted()) {
            // Interrupts come from our own kill path; a stray one must not turn park into a busy loop.
            checkAlive();
        }
        checkAlive();
        return true;
    }

    private @Nullable Object takeSaved(@Nullable Predicate<Object> matcher) {
        ArrayDeque<Object> aside = saved;
        if (aside == null || aside.isEmpty()) {
            return null;
        }
        if (matcher == null) {
            return aside.pollFirst();
        }
        for (Iterator<Object> it = aside.iterator(); it.hasNext(); ) {
            Object message = it.next();
            if (matcher.test(message)) {
                it.remove();
                return message;
            }
        }
        return null;
    }

    private ArrayDeque<Object> saved() {
        ArrayDeque<Object> aside = saved;
        if (aside == null) {
            aside = new ArrayDeque<>();
            saved = aside;
        }
        return aside;
    }

    private Object handled(Object message) {
        messagesHandled++;
        return message;
    }

    @Override
    public List<Object> flush() {
        own();
        List<Object> flushed = new ArrayList<>();
        Object message;
        while ((message = takeSaved(null)) != null) {
            flushed.add(message);
        }
        while ((message = mailbox.poll()) != null) {
            flushed.add(message);
        }
        messagesHandled += flushed.size();
        return flushed;
    }

    @Override
    public ProcessRef<Object> spawnLink(ProcessBody body) {
        own();
        return runtime.spawnLinked(body, this);
    }

    @Override
    public void link(ProcessRef<?> other) {
        own();
        link(runtime.cellOf(other, "link"));
    }

    @Override
    public void unlink(ProcessRef<?> other) {
        own();
        unlink(runtime.cellOf(other, "unlink"));
    }

    @Override
    public MonitorRef monitor(ProcessRef<?> other) {
        own();
        return monitor(runtime.cellOf(other, "monitor"));
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return demonitor(ref, false);
    }

    @Override
    public boolean demonitor(MonitorRef ref, boolean flush) {
        Objects.requireNonNull(ref, "ref must not be null");
        own();
        boolean wasActive = cancelMonitor(ref);
        if (flush) {
            // Move everything into the private queue, then drop this monitor's Down from it.
            Object message;
            while ((message = mailbox.poll()) != null) {
                saved().addLast(message);
            }
            if (saved != null) {
                saved.removeIf(m -> m instanceof dev.actorkit.Down down && down.ref().equals(ref));
            }
        }
        return wasActive;
    }

    @Override
    public boolean trapExits(boolean trap) {
        own();
        return setTrapExits(trap);
    }

    @Override
    public boolean isTrappingExits() {
        own();
        return trapsExits();
    }

    @Override
    public void exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        own();
        terminate(reason == ExitReason.KILL ? ExitReason.KILLED : reason);
        throw terminated();
    }

    @Override
    public void exit(ProcessRef<?> target, ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        own();
        runtime.cellOf(target, "exit").exitSignal(this, reason);
        checkAlive(); // exit(self(), reason) may have ended this process
    }

    @Override
    public TimerRef sendAfter(Object message, Duration delay) {
        own();
        return runtime.sendAfter(this, message, delay);
    }

    @Override
    public TimerRef sendAfter(ProcessRef<?> target, Object message, Duration delay) {
        own();
        return runtime.sendAfter(target, message, delay);
    }

    @Override
    public boolean cancelTimer(TimerRef timer) {
        own();
        return runtime.cancelTimer(timer);
    }
}
