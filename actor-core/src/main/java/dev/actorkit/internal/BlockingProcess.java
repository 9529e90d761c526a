package dev.actorkit.internal;

import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessStatus;
import dev.actorkit.ProcessTerminatedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A blocking-style process: a {@link ProcessBody} on its own virtual thread, reading its mailbox with
 * {@code receive}.
 *
 * <p>Concurrency: the mailbox has one consumer, this process's thread; every context method checks
 * that it runs there. Selective receive moves the messages it skips into the set-aside queue (private
 * to that thread), which later receives scan first, so skipped messages keep their order. The thread
 * parks when it finds no message; producers unpark it after their offer if {@code waiting} is set (a
 * Dekker handshake: the consumer sets {@code waiting} then polls again; a producer offers then reads
 * {@code waiting}). Another thread that ends this process unparks and interrupts it, and every runtime
 * call then throws {@link ProcessTerminatedException}.
 */
final class BlockingProcess extends ProcessCell implements Runnable {

    private final ProcessBody body;
    private final Thread thread;
    /** True while the thread is parked, or about to park, in receive. */
    private volatile boolean waiting;
    /** The sender's context of the message received last, current until the next receive; own thread only. */
    private ProcessObserver.@Nullable Scope messageContext;

    BlockingProcess(Runtime runtime, long id, ProcessBody body, @Nullable ChildSlot<?> slot, MailboxConfig mailbox) {
        super(runtime, id, slot, mailbox);
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
        Observers observer = runtime.observer;
        ProcessObserver.Scope entered = observer != null ? observer.enter(this) : null;
        try {
            while (!acquireMailbox()) {
                LockSupport.park(this); // the previous incarnation still holds the slot's mailbox
                Thread.interrupted();
                checkAlive();
            }
            checkAlive();
            body.run(this);
        } catch (ProcessTerminatedException unwinding) {
            // Already dead: killed, taken down by a link, or exit(reason) on self.
        } catch (Throwable crash) {
            runtime.reportCrash(this, null, crash);
            reason = ExitReason.error(crash);
        } finally {
            terminate(reason); // no-op if already dead
            consumerExited();
            Observers.close(messageContext);
            Observers.close(entered);
            setCurrent(null);
        }
    }

    @Override
    public Class<?> processClass() {
        return body.getClass();
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
    void wakeForMailbox() {
        LockSupport.unpark(thread);
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

    // ---- receive ----

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
        if (messageContext != null) {
            Observers.close(messageContext); // the previous message is done with
            messageContext = null;
        }
        Object found = takeSaved(matcher);
        if (found != null) {
            return handled(found);
        }
        long deadline = timeoutNanos == NO_TIMEOUT ? 0 : System.nanoTime() + timeoutNanos;
        for (;;) {
            Object message = mailbox.poll();
            if (message == null) {
                waiting = true;
                // Again, now that producers will see `waiting`. Not poll(): a producer between its two
                // steps makes poll() see nothing, and its later read of `waiting` may come before its
                // link is visible. isEmpty() reads the head the producer's exchange has already fenced.
                message = mailbox.isEmpty() ? null : mailbox.pollCompletely();
                if (message == null) {
                    try {
                        if (timeoutNanos == NO_TIMEOUT) {
                            LockSupport.park(this);
                        } else {
                            long remaining = deadline - System.nanoTime();
                            if (remaining <= 0) {
                                return null;
                            }
                            LockSupport.parkNanos(this, remaining);
                        }
                    } finally {
                        waiting = false;
                    }
                    // Interrupts come from our own kill path; clear a stray one so park cannot spin.
                    Thread.interrupted();
                    checkAlive();
                    continue;
                }
                waiting = false;
            }
            if (matcher == null || matcher.test(Envelope.open(message))) {
                return handled(message);
            }
            saved().addLast(message);
        }
    }

    private Object handled(Object message) {
        messagesHandled++;
        if (message instanceof Envelope envelope) {
            messageContext = runtime.restore(this, envelope);
            message = envelope.message();
        }
        handling = Runtime.messageType(message);
        return message;
    }
}
