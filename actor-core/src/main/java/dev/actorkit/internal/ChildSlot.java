package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.NoProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessBody;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stable ref of a supervised child: it addresses the child's slot, not one incarnation. Its mailbox
 * outlives incarnations, so messages sent while the child restarts wait for the next one; {@link #pid()}
 * and {@link #isAlive()} follow the current incarnation; links and monitors made through it attach to
 * the current incarnation, as in OTP. Used by supervisors; not API.
 *
 * <p>Concurrency: thread-safe. The mailbox has one consumer at a time: an incarnation acquires it
 * ({@link #acquire}) only after its predecessor has released it ({@link #release}), handing over the
 * messages it had set aside, so order is kept across restarts. Consumer hand-over, closing and the
 * waiting successor are guarded by the slot's lock. Once closed (the child is stopped for good),
 * queued and later messages become dead letters.
 */
public final class ChildSlot<T> implements ProcessRef<T>, Recipient {

    /** Returned by {@link #acquire} while the predecessor still holds the mailbox. */
    static final ArrayDeque<Object> NOT_YET = new ArrayDeque<>(0);

    final Runtime runtime;
    private final MailboxConfig mailboxConfig;
    /**
     * The mailbox of the slot's incarnations. Replaced by a fresh one when the child is stopped for good
     * while a dead incarnation's code still holds the old one: what that one holds is then for nobody,
     * and becomes dead letters when it lets go, while the next start begins with an empty mailbox.
     */
    volatile Mailbox mailbox;
    /** Shared by every reader, as a process's is: a copy per call would pile up on it while the slot lives. */
    private final TerminationFuture termination = new TerminationFuture();
    /** The latest incarnation, alive or dead; null before the first start. */
    private volatile @Nullable ProcessCell current;

    // Guarded by this.
    private @Nullable ProcessCell consumer;
    private @Nullable ProcessCell waiting;
    private @Nullable ArrayDeque<Object> carried;
    /** Stopped for good: sends are dead letters at once. Written under the lock. */
    private volatile boolean closed;

    private ChildSlot(Runtime runtime, MailboxConfig mailboxConfig) {
        this.runtime = runtime;
        this.mailboxConfig = mailboxConfig;
        this.mailbox = newMailbox();
    }

    private Mailbox newMailbox() {
        if (mailboxConfig.isBounded()) {
            BoundedMailbox bounded = new BoundedMailbox(mailboxConfig);
            bounded.overflowTo(message -> runtime.overflowed(this, message));
            return bounded;
        }
        return new Mailbox();
    }

    /** A new, empty slot of {@code scheduler} with an unbounded mailbox. */
    public static <T> ChildSlot<T> create(Scheduler scheduler) {
        return create(scheduler, MailboxConfig.unbounded());
    }

    /** A new, empty slot of {@code scheduler} with the given mailbox. */
    public static <T> ChildSlot<T> create(Scheduler scheduler, MailboxConfig mailboxConfig) {
        if (!(scheduler instanceof Runtime runtime)) {
            throw new IllegalArgumentException("not an ActorKit scheduler: " + scheduler);
        }
        return new ChildSlot<>(runtime, Objects.requireNonNull(mailboxConfig, "mailboxConfig must not be null"));
    }

    /**
     * Starts a new annotation-driven incarnation in this slot, linked to the calling process (the
     * supervisor) before it runs; waits for its {@code @Init}.
     */
    public ProcessRef<Object> startWorker(Supplier<?> factory) {
        return runtime.spawnInSlot(this, factory);
    }

    /** Starts a new blocking-style incarnation in this slot, linked to the calling process before it runs. */
    public ProcessRef<Object> startWorker(ProcessBody body) {
        return runtime.spawnInSlot(this, body);
    }

    /** The latest incarnation (alive or not), or null before the first start. */
    public @Nullable ProcessRef<Object> incarnation() {
        return current;
    }

    void started(ProcessCell incarnation) {
        current = incarnation;
        if (!mailbox.isEmptyForProducers()) {
            incarnation.wakeConsumer(); // messages queued while no incarnation ran
        }
    }

    /**
     * The child is stopped for good: messages queued for it, and sent to it from now on, become dead
     * letters; {@link #termination()} completes with {@code reason}. Idempotent.
     */
    public void close(ExitReason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (consumer == null) {
                drainForGood();
            } else {
                // A dead incarnation's code still holds the mailbox: leave it that one (it is drained when
                // it lets go, see release) and give the slot a fresh, closed one for what comes next.
                consumer = null;
                mailbox = newMailbox();
                mailbox.close(message -> runtime.deadLetter(this, message, DeadLetter.Cause.NO_PROCESS));
            }
        }
        termination.exited(reason);
    }

    /** Opens a closed slot again for a new start ({@code restartChild}); its termination stays completed. */
    public synchronized void reopen() {
        if (closed) {
            closed = false;
            mailbox.reopen(); // closed and drained: empty
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- consumer hand-over ----

    /** Gives the mailbox to {@code incarnation} if free: the set-aside messages, or {@link #NOT_YET}. */
    synchronized ArrayDeque<Object> acquire(ProcessCell incarnation) {
        if (consumer == null && !closed && incarnation.mailbox == mailbox) {
            consumer = incarnation;
            ArrayDeque<Object> handed = carried != null ? carried : new ArrayDeque<>(0);
            carried = null;
            return handed;
        }
        waiting = incarnation;
        return NOT_YET;
    }

    /** Whether {@code incarnation} could acquire the mailbox now. */
    synchronized boolean isFreeFor(ProcessCell incarnation) {
        return consumer == null && !closed && incarnation.mailbox == mailbox;
    }

    /** The consumer lets go of the mailbox, with the messages it had set aside. */
    void release(ProcessCell incarnation, @Nullable ArrayDeque<Object> aside) {
        ProcessCell next;
        synchronized (this) {
            if (incarnation.mailbox != mailbox) {
                // Its mailbox was left to it when the child was stopped for good: nobody takes these.
                closeForGood(incarnation.mailbox, aside);
                return;
            }
            if (consumer != incarnation) {
                return;
            }
            consumer = null;
            if (aside != null && !aside.isEmpty()) {
                carried = aside;
            }
            if (closed) {
                drainForGood();
                return;
            }
            next = waiting != incarnation ? waiting : null;
            waiting = null;
        }
        if (next != null) {
            next.wakeForMailbox();
        }
    }

    /** Holding the lock, with no consumer: everything left becomes a dead letter, now and later. */
    private void drainForGood() {
        closeForGood(mailbox, carried);
        carried = null;
    }

    /** Set-aside and queued messages, and any that arrive later, become {@code SHUTDOWN} dead letters. */
    private void closeForGood(Mailbox box, @Nullable ArrayDeque<Object> aside) {
        if (aside != null) {
            aside.forEach(message -> runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN));
        }
        box.close(message -> runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN));
    }


    // ---- ProcessRef ----

    @Override
    public Pid pid() {
        ProcessCell incarnation = current;
        if (incarnation == null) {
            throw new NoProcessException("the child has not started yet");
        }
        return incarnation.pid();
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        runtime.checkCanSend();
        Object sent = runtime.withContext(message);
        ProcessCell sender = ProcessCell.current();
        if (sender == null) {
            deliver(sent);
        } else {
            ProcessCell.sendFrom(sender, sent, this);
        }
    }

    @Override
    public void deliver(Object message) {
        deliver(message, true);
    }

    @Override
    public void deliverWithoutWaiting(Object message) {
        deliver(message, false);
    }

    private void deliver(Object message, boolean mayWait) {
        Mailbox mailbox = this.mailbox;
        if (closed || mailbox.isClosed()) {
            runtime.deadLetter(this, message, DeadLetter.Cause.NO_PROCESS);
            return;
        }
        if (!(mayWait ? mailbox.offer(message, this) : mailbox.offerWithoutWaiting(message, this))) {
            runtime.overflowed(this, message);
            return;
        }
        ProcessCell incarnation = current;
        if (incarnation != null) {
            incarnation.wakeConsumer();
        }
        mailbox.drainIfClosed();
    }

    @Override
    public boolean isAlive() {
        ProcessCell incarnation = current;
        return incarnation != null && incarnation.isAlive();
    }

    /** Completes when the child is stopped for good (not when an incarnation exits and is restarted). */
    @Override
    public CompletableFuture<ExitReason> termination() {
        return termination;
    }

    @Override
    public <R> R call(Object request) {
        return live().call(request);
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        return live().call(request, timeout);
    }

    @Override
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        return live().ask(request, timeout);
    }

    /** The current incarnation for a call; a dead one makes the call fail with NoProcessException. */
    private ProcessCell live() {
        ProcessCell incarnation = current;
        if (incarnation == null) {
            throw new NoProcessException("the child has not started yet");
        }
        return incarnation;
    }

    /** The incarnation that links, monitors and exit signals through this ref reach. */
    ProcessCell target() {
        return live();
    }

    @Override
    public String toString() {
        ProcessCell incarnation = current;
        return "child " + (incarnation == null ? "(not started)" : incarnation.toString());
    }
}
