package dev.actorkit.internal;

import dev.actorkit.CallingSelfException;
import dev.actorkit.DeadLetter;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.NoProcessException;
import dev.actorkit.NotInProcessException;
import dev.actorkit.Pid;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessInfo;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.ProcessTerminatedException;
import dev.actorkit.MailboxConfig;
import dev.actorkit.NameTakenException;
import dev.actorkit.ObservedProcess;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import dev.actorkit.Down;
import dev.actorkit.TimerRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One process incarnation: its identity, mailbox, links, monitors, name and exit. It is also the
 * process's {@link ProcessRef}, so a ref costs nothing extra.
 *
 * <p>Concurrency: {@code exitReason} is the state word: null while alive, set exactly once, under the
 * cell's lock, by whichever thread ends the process (the process itself, a linked process exiting, an
 * exit signal, the scheduler closing). Setting it makes the process dead for everyone at once; the
 * ending thread then, outside the lock, fires links and monitors, releases the name and wakes the
 * process's own code so that it unwinds. Links, monitors, the name and the trap flag are guarded by the
 * cell's lock ({@code synchronized (this)}); a link takes both cells' locks in pid order, no other
 * path holds two. Exit signals are decided and applied under the receiver's lock, so that after
 * {@code unlink} returns a link can no longer take the caller down.
 *
 * <p>Per-pair ordering: a process's own sends and its death are made mutually exclusive by the
 * {@code sending} flag (a Dekker handshake with {@code exitReason}), so every message it sent before it
 * died is in its receiver's mailbox before any {@code Exit} or {@code Down} it causes, and nothing it
 * sends after its death is delivered.
 */
public abstract class ProcessCell implements ProcessRef<Object>, ProcessContext, Recipient, ObservedProcess {

    /**
     * The process each virtual thread runs. A map rather than a ThreadLocal: a thread-local costs every
     * blocking-style process a ThreadLocalMap of its own (about 136 bytes); an entry here costs 32.
     */
    private static final ConcurrentHashMap<Thread, ProcessCell> BY_THREAD = new ConcurrentHashMap<>();
    private static final VarHandle SENDING;

    static {
        try {
            SENDING = MethodHandles.lookup().findVarHandle(ProcessCell.class, "sending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Runtime runtime;
    final long id;
    final Mailbox mailbox;
    /** The supervised child slot this incarnation belongs to, or null for a plain process. */
    final @Nullable ChildSlot<?> slot;
    /**
     * Whether this incarnation is its mailbox's consumer; process's own thread only. Always for a plain
     * process; a slot's new incarnation acquires the mailbox once the previous one has let go of it.
     */
    boolean holdsMailbox;

    /** Null while alive; the exit reason once dead. Written under the lock, read anywhere. */
    private volatile @Nullable ExitReason exitReason;
    /** True while the process's own thread is between its alive check and the end of a send. */
    private volatile boolean sending;

    // Guarded by this.
    private @Nullable List<ProcessCell> links;
    private @Nullable List<Monitor> monitors;
    private @Nullable List<Monitor> monitoredBy;
    /** Kept after the exit (only the name table forgets it there), for observers and messages. */
    private @Nullable String name;
    private boolean trapExits;
    private @Nullable TerminationFuture termination;
    /** Timers to this process still pending, cancelled at its exit; null while there are none. */
    private java.util.@Nullable HashSet<Timer> timers;

    /**
     * Spawned from outside any process: the top of a tree, stopped first by {@code Scheduler.close()}.
     * Set before the process is published.
     */
    boolean root;

    /** Messages taken out of the mailbox; written by the process's thread only. */
    long messagesHandled;
    /**
     * The class of the message being handled (of the request, for a call), or of the last one; written
     * by the process's thread only, read racily by {@link #info()}, which shows it while RUNNING only.
     * Never cleared: one plain store per message, and a class, not the message, so nothing is retained.
     */
    @Nullable Class<?> handling;

    ProcessCell(Runtime runtime, long id, @Nullable ChildSlot<?> slot, MailboxConfig mailboxConfig) {
        this.runtime = runtime;
        this.id = id;
        this.slot = slot;
        if (slot != null) {
            this.mailbox = slot.mailbox;
        } else if (mailboxConfig.isBounded()) {
            BoundedMailbox bounded = new BoundedMailbox(mailboxConfig);
            bounded.overflowTo(message -> runtime.overflowed(this, message));
            this.mailbox = bounded;
        } else {
            this.mailbox = new Mailbox();
        }
        this.holdsMailbox = slot == null;
    }

    // ---- the current process ----

    /**
     * The process whose code runs on the calling thread, or null: a field of the pool worker's current
     * turn, an entry of {@link #BY_THREAD} for the virtual threads of blocking-style processes.
     */
    static @Nullable ProcessCell current() {
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker worker) {
            return worker.running();
        }
        return thread.isVirtual() ? BY_THREAD.get(thread) : null;
    }

    /** Whether a virtual thread runs {@code cell}'s code now; a scan, for introspection only. */
    static boolean runsOnVirtualThread(ProcessCell cell) {
        return BY_THREAD.containsValue(cell);
    }

    /** Marks the calling virtual thread as running {@code cell}'s code (null: no longer). */
    static void setCurrent(@Nullable ProcessCell cell) {
        if (cell == null) {
            BY_THREAD.remove(Thread.currentThread());
        } else {
            BY_THREAD.put(Thread.currentThread(), cell);
        }
    }

    /** {@link ProcessContext#current()}. */
    public static ProcessContext currentContext() {
        ProcessCell cell = current();
        if (cell == null) {
            throw new NotInProcessException("ProcessContext.current() was called on thread '" + Thread.currentThread().getName()
                    + "', which is not running a process. Call it from a process's own code, or use the ProcessContext"
                    + " passed to the process body.");
        }
        return cell;
    }

    // ---- ProcessRef ----

    @Override
    public Pid pid() {
        return new Pid(0, id, 0);
    }

    @Override
    public boolean isAlive() {
        return exitReason == null;
    }

    @Override
    public CompletableFuture<ExitReason> termination() {
        ExitReason reason = exitReason;
        if (reason != null) {
            return CompletableFuture.completedFuture(reason);
        }
        synchronized (this) {
            reason = exitReason;
            if (reason != null) {
                return CompletableFuture.completedFuture(reason);
            }
            if (termination == null) {
                termination = new TerminationFuture();
            }
            // One future for every caller, read-only to them: a copy per call would add a dependent to
            // it each time, and a live process asked again and again would grow without bound.
            return termination;
        }
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        runtime.checkCanSend();
        Object sent = runtime.withContext(message);
        ProcessCell sender = current();
        if (sender == null) {
            deliver(sent);
        } else {
            sendFrom(sender, sent, this);
        }
    }

    /**
     * Sends on behalf of {@code sender}, a process whose code is running on this thread: the message is
     * delivered only if the sender is alive, and before any {@code Exit} or {@code Down} its death causes.
     */
    static void sendFrom(ProcessCell sender, Object message, Recipient recipient) {
        sender.sending = true; // volatile: the StoreLoad barrier the handshake needs
        try {
            // Dekker with terminate(): either this send sees the sender dead, or its terminator waits
            // until the message is in the mailbox, before any Exit or Down the death causes.
            if (sender.exitReason != null) {
                throw sender.terminated();
            }
            recipient.deliver(message);
        } finally {
            SENDING.setRelease(sender, false); // the message is in; no barrier needed to say so
        }
    }

    /**
     * The process's own thread stops waiting for room in a full {@code BLOCK} mailbox: meanwhile it does
     * not count as inside a send, so a thread that kills it need not wait for the room (a send it has not
     * made is not part of its life). {@link #resumeSending} undoes it before the message goes in.
     */
    final void pauseSending() {
        SENDING.setRelease(this, false);
    }

    /** Counts as inside a send again, and throws if the process was killed while it waited. */
    final void resumeSending() {
        sending = true; // volatile: the StoreLoad barrier of the handshake with terminate()
        if (exitReason != null) {
            sending = false;
            throw terminated();
        }
    }

    @Override
    public <R> R call(Object request) {
        return call(request, runtime.config().callTimeout());
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        PendingCall<R> call = startCall(request, timeout);
        ProcessCell caller = current();
        Runtime.beforeBlocking(); // the callee may be waiting in this worker's slot
        try {
            // The caller's own timed wait is the timeout: no timer task per call.
            return call.future().get(toNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            call.timedOut(); // from now on a reply is dropped; if one raced in first, join returns it
        } catch (InterruptedException e) {
            call.cancel();
            if (caller != null && caller.exitReason != null) {
                throw caller.terminated();
            }
            Thread.currentThread().interrupt();
            throw new dev.actorkit.ActorException("interrupted while calling " + pid() + " with " + request.getClass().getName(), e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
        try {
            return call.future().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw rethrown(e);
        }
    }

    private static RuntimeException rethrown(Exception wrapped) {
        if (wrapped.getCause() instanceof RuntimeException failure) {
            // Thrown again on the caller's thread: record where the call was made.
            failure.addSuppressed(new Exception("call made here"));
            return failure;
        }
        return new dev.actorkit.ActorException("call failed", wrapped.getCause());
    }

    @Override
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        PendingCall<R> call = startCall(request, timeout);
        if (!call.future().isDone()) {
            call.armTimeout(runtime.timers());
        }
        return call.future();
    }

    /** Monitor + request: the common part of call and ask. */
    private <R> PendingCall<R> startCall(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Runtime.requireNonNegative(timeout, "timeout");
        runtime.checkCanSend();
        ProcessCell caller = current();
        if (caller == this) {
            throw new CallingSelfException("process " + pid() + " called itself with " + request.getClass().getName()
                    + "; it cannot reply while it waits. Handle the request directly, or send it to self() and handle it later.");
        }
        PendingCall<R> call = new PendingCall<>(this, request, caller != null ? caller : runtime.systemRef(), timeout);
        RuntimeException rejected = rejectCall(request);
        if (rejected != null) {
            call.fail(rejected);
            return call;
        }
        Monitor monitor = new Monitor(runtime.newMonitorRef(), this, call.from(), call::targetExited);
        if (!addMonitoredBy(monitor)) {
            call.fail(new NoProcessException("call to " + pid() + " with " + request.getClass().getName()
                    + " failed: the process is not alive (it exited with " + exitReason + ")"));
            return call;
        }
        call.watchedBy(monitor);
        try {
            send(call);
        } catch (ProcessTerminatedException callerDead) {
            call.cancel();
            throw callerDead;
        } catch (RuntimeException refused) {
            call.fail(refused); // e.g. a full bounded mailbox: the caller learns at once, the monitor is released
        }
        return call;
    }

    /** Why this process cannot take {@code request} as a call at all, or null if it can. */
    @Nullable RuntimeException rejectCall(Object request) {
        return null;
    }

    @Override
    public String toString() {
        String registered = name;
        return registered == null ? pid().toString() : pid() + " (" + registered + ")";
    }

    // ---- ObservedProcess ----

    @Override
    public final ProcessRef<?> ref() {
        return this;
    }

    /** A racy read of a reference: at worst a moment stale, which observers can live with. */
    @Override
    public final @Nullable String registeredName() {
        return name;
    }

    // ---- delivery ----

    /** Puts a message in the mailbox, or records a dead letter if the process is dead. Any thread. */
    @Override
    public final void deliver(Object message) {
        deliver(message, true);
    }

    @Override
    public final void deliverWithoutWaiting(Object message) {
        deliver(message, false);
    }

    private void deliver(Object message, boolean mayWait) {
        if (exitReason != null) {
            runtime.deadLetter(this, message, DeadLetter.Cause.NO_PROCESS);
            return;
        }
        if (!(mayWait ? mailbox.offer(message, this) : mailbox.offerWithoutWaiting(message, this))) {
            runtime.overflowed(this, message);
            return;
        }
        afterOffer();
    }

    /** Delivers an {@code Exit} or {@code Down}: like {@link #deliver}, but a dead receiver just ignores it. */
    final void deliverSignalMessage(Object message) {
        if (exitReason != null) {
            return;
        }
        mailbox.offerSignal(message);
        afterOffer();
    }

    /** After an offer into this process's mailbox: wake the consumer, or drain a closed mailbox. */
    final void afterOffer() {
        wakeConsumer();
        mailbox.drainIfClosed();
    }

    /** Wakes the consumer if it waits for messages. */
    abstract void wakeConsumer();

    /** Wakes an incarnation that waits to acquire its slot's mailbox. */
    abstract void wakeForMailbox();

    /**
     * Acquires the slot's mailbox for this new incarnation, taking over the messages its predecessor
     * set aside; false if the predecessor still holds it (the slot wakes this one when it lets go).
     * Process's own thread only.
     */
    final boolean acquireMailbox() {
        if (holdsMailbox) {
            return true;
        }
        ArrayDeque<Object> carried = slot.acquire(this);
        if (carried == ChildSlot.NOT_YET) {
            return false;
        }
        holdsMailbox = true;
        if (!carried.isEmpty()) {
            saved = carried;
        }
        return true;
    }

    /**
     * Called by the consumer once it will take no more messages (the process is dead). A plain
     * process's mailbox is closed: what is still queued, and what arrives later, becomes a
     * {@code SHUTDOWN} dead letter. A supervised child hands its mailbox, and the messages it set
     * aside, to the slot for the next incarnation.
     */
    final void consumerExited() {
        try {
            ArrayDeque<Object> aside = saved;
            saved = null;
            if (!holdsMailbox) {
                return;
            }
            holdsMailbox = false;
            if (slot != null) {
                slot.release(this, aside);
                return;
            }
            if (aside != null) {
                for (Object message : aside) {
                    runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN);
                }
            }
            mailbox.close(message -> runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN));
        } finally {
            consumerDone = true;
        }
    }

    /** Set once the dead process's consumer has let go of its mailbox; {@code Scheduler.close()} waits for it. */
    private volatile boolean consumerDone;

    /** Whether this process's consumer has let go of its mailbox (its leftovers are dead letters now). */
    final boolean consumerDone() {
        return consumerDone;
    }

    // ---- exit ----

    /** The reason this process exited with, or null while it is alive. */
    final @Nullable ExitReason exitReason() {
        return exitReason;
    }

    final ProcessTerminatedException terminated() {
        return new ProcessTerminatedException(pid(), Objects.requireNonNull(exitReason));
    }

    /** Throws if this process is dead; called by its own code at each runtime call. */
    final void checkAlive() {
        if (exitReason != null) {
            throw terminated();
        }
    }

    /** What an ending thread must do after it marked the cell dead under its lock. */
    private record Ending(ExitReason reason, @Nullable List<ProcessCell> links, @Nullable List<Monitor> monitoredBy,
                          @Nullable List<Monitor> monitors, @Nullable String name, @Nullable TerminationFuture termination,
                          java.util.@Nullable HashSet<Timer> timers) {
    }

    /** Lists a pending timer to this process; false if the process is dead (the timer is then not needed). */
    final synchronized boolean timerStarted(Timer timer) {
        if (exitReason != null) {
            return false;
        }
        if (timers == null) {
            timers = new java.util.HashSet<>(4);
        }
        timers.add(timer);
        return true;
    }

    /** A timer to this process fired or was cancelled: it no longer needs listing. */
    final synchronized void timerDone(Timer timer) {
        if (timers != null) {
            timers.remove(timer);
            if (timers.isEmpty()) {
                timers = null;
            }
        }
    }

    /** Marks the process dead with {@code reason}; the caller holds the lock. Null if it was dead already. */
    private @Nullable Ending beginExitLocked(ExitReason reason) {
        if (exitReason != null) {
            return null;
        }
        exitReason = reason;
        Ending ending = new Ending(reason, links, monitoredBy, monitors, name, termination, timers);
        links = null;
        monitoredBy = null;
        monitors = null;
        termination = null;
        timers = null;
        return ending;
    }

    /** Ends the process with {@code reason}, from any thread. Returns false if it was dead already. */
    final boolean terminate(ExitReason reason) {
        Ending ending;
        synchronized (this) {
            ending = beginExitLocked(reason);
        }
        if (ending == null) {
            return false;
        }
        finishExit(ending);
        return true;
    }

    /**
     * Exits this thread has yet to finish, while it is finishing another: an exit that takes linked
     * processes down queues their exits here instead of finishing them inside its own, so a chain of
     * links of any length is walked in a loop, not by recursion that overflows the stack. Null when the
     * thread finishes no exit.
     */
    private static final ThreadLocal<@Nullable ArrayDeque<PendingExit>> EXITS_TO_FINISH = new ThreadLocal<>();

    private record PendingExit(ProcessCell cell, Ending ending) {
    }

    /**
     * Fires links and monitors of an exit begun under the lock, and then those of every exit it causes,
     * before returning (so that callers still see the whole cascade done when this returns).
     */
    private void finishExit(Ending ending) {
        ArrayDeque<PendingExit> queued = EXITS_TO_FINISH.get();
        if (queued != null) {
            queued.addLast(new PendingExit(this, ending)); // the outer finishExit on this thread runs it
            return;
        }
        queued = new ArrayDeque<>();
        queued.addLast(new PendingExit(this, ending));
        EXITS_TO_FINISH.set(queued);
        try {
            for (PendingExit next; (next = queued.pollFirst()) != null; ) {
                try {
                    next.cell().completeExit(next.ending());
                } catch (RuntimeException | Error bug) {
                    // completeExit keeps guests' failures to itself; this is a runtime bug. The other
                    // exits of the cascade still finish: a process marked dead must not keep its links.
                    Runtime.LOG.log(System.Logger.Level.ERROR, "finishing the exit of " + next.cell() + " failed", bug);
                }
            }
        } finally {
            EXITS_TO_FINISH.remove();
        }
    }

    private void completeExit(Ending ending) {
        boolean byOwnThread = isOwnThread();
        if (!byOwnThread) {
            while (sending) {
                Thread.onSpinWait(); // the process is inside send(): let that message land first
            }
        }
        runtime.removed(this, ending.name());
        if (ending.links() != null) {
            for (ProcessCell linked : ending.links()) {
                linked.linkedProcessExited(this, ending.reason());
            }
        }
        if (ending.monitoredBy() != null) {
            for (Monitor monitor : ending.monitoredBy()) {
                monitor.fire(ending.reason());
            }
        }
        if (ending.monitors() != null) {
            for (Monitor monitor : ending.monitors()) {
                monitor.release();
            }
        }
        if (ending.timers() != null) {
            for (Timer timer : ending.timers()) {
                // As Erlang does for a dead pid; frees the executor's slot, and this cell, now.
                Object never = timer.cancelAtExit();
                if (never != null) {
                    runtime.deadLetter(this, never, DeadLetter.Cause.NO_PROCESS);
                }
            }
        }
        if (ending.termination() != null) {
            ending.termination().exited(ending.reason());
        }
        runtime.exited(this, ending.reason());
        if (!byOwnThread) {
            stopOwnCode();
        }
    }

    /** True if the calling thread runs this process's code. */
    abstract boolean isOwnThread();

    /** Makes the process's still-running code notice its death at its next runtime call. */
    abstract void stopOwnCode();

    /** An exit signal through a link: {@code from} exited with {@code reason}. Any thread. */
    private void linkedProcessExited(ProcessCell from, ExitReason reason) {
        Ending ending = null;
        synchronized (this) {
            if (exitReason != null || links == null || !links.remove(from)) {
                return; // dead, or unlinked meanwhile: the link has no effect any more
            }
            if (trapExits) {
                deliverSignalMessage(new Exit(from, reason));
            } else if (!reason.isNormal()) {
                ending = beginExitLocked(reason);
            }
        }
        if (ending != null) {
            finishExit(ending);
        }
    }

    /**
     * An exit signal from {@code exit(target, reason)}, Erlang's {@code exit/2}. Any thread; {@code from}
     * is the sender (a process, or the system ref).
     */
    final void exitSignal(ProcessRef<?> from, ExitReason reason) {
        Ending ending = null;
        synchronized (this) {
            if (exitReason != null) {
                return;
            }
            if (reason == ExitReason.KILL) {
                ending = beginExitLocked(ExitReason.KILLED);
            } else if (trapExits) {
                deliverSignalMessage(new Exit(from, reason));
            } else if (!reason.isNormal() || from == this) {
                ending = beginExitLocked(reason);
            }
        }
        if (ending != null) {
            finishExit(ending);
        }
    }

    // ---- links ----

    /** Links this process (the caller, alive) to {@code other}. */
    final void link(ProcessCell other) {
        if (other == this) {
            return;
        }
        ProcessCell first = id < other.id ? this : other;
        ProcessCell second = first == this ? other : this;
        boolean otherDead;
        synchronized (first) {
            synchronized (second) {
                checkAlive();
                otherDead = other.exitReason != null;
                if (!otherDead) {
                    addLinkLocked(other);
                    other.addLinkLocked(this);
                }
            }
        }
        if (otherDead) {
            linkToDeadProcess(other);
        }
    }

    private void linkToDeadProcess(ProcessCell other) {
        Ending ending = null;
        synchronized (this) {
            if (exitReason != null) {
                return;
            }
            if (trapExits) {
                deliverSignalMessage(new Exit(other, ExitReason.NOPROC));
            } else {
                ending = beginExitLocked(ExitReason.NOPROC);
            }
        }
        if (ending != null) {
            finishExit(ending);
        }
        checkAlive();
    }

    /** Links a child that has not started yet to this (live) process. */
    final void linkUnstartedChild(ProcessCell child) {
        synchronized (this) {
            checkAlive();
            synchronized (child) {
                addLinkLocked(child);
                child.addLinkLocked(this);
            }
        }
    }

    private void addLinkLocked(ProcessCell other) {
        if (links == null) {
            links = new ArrayList<>(2);
        }
        if (!links.contains(other)) {
            links.add(other);
        }
    }

    /** Removes the link between this process (the caller) and {@code other}, if any. */
    final void unlink(ProcessCell other) {
        if (other == this) {
            return;
        }
        ProcessCell first = id < other.id ? this : other;
        ProcessCell second = first == this ? other : this;
        synchronized (first) {
            synchronized (second) {
                checkAlive();
                if (links != null) {
                    links.remove(other);
                }
                if (other.links != null) {
                    other.links.remove(this);
                }
            }
        }
    }

    // ---- monitors ----

    /** This process (the caller) starts monitoring {@code target}. */
    final MonitorRef monitor(ProcessCell target) {
        MonitorRef ref = runtime.newMonitorRef();
        Monitor monitor = new Monitor(ref, target, this);
        synchronized (this) {
            checkAlive();
            if (monitors == null) {
                monitors = new ArrayList<>(2);
            }
            monitors.add(monitor);
        }
        if (!target.addMonitoredBy(monitor)) {
            monitor.fire(ExitReason.NOPROC);
        }
        return ref;
    }

    /** Registers a monitor on this process; false if this process is already dead. */
    final boolean addMonitoredBy(Monitor monitor) {
        synchronized (this) {
            if (exitReason != null) {
                return false;
            }
            if (monitoredBy == null) {
                monitoredBy = new ArrayList<>(2);
            }
            monitoredBy.add(monitor);
            return true;
        }
    }

    final void forgetMonitoredBy(Monitor monitor) {
        synchronized (this) {
            if (monitoredBy != null) {
                monitoredBy.remove(monitor);
            }
        }
    }

    final void forgetMonitor(Monitor monitor) {
        synchronized (this) {
            if (monitors != null) {
                monitors.remove(monitor);
            }
        }
    }

    /** Turns off a monitor this process holds; see {@link Monitor#cancel()}. */
    final boolean cancelMonitor(MonitorRef ref) {
        Monitor found = null;
        synchronized (this) {
            checkAlive();
            if (monitors != null) {
                for (Monitor monitor : monitors) {
                    if (monitor.ref.equals(ref)) {
                        found = monitor;
                        break;
                    }
                }
                if (found != null) {
                    monitors.remove(found);
                }
            }
        }
        return found != null && found.cancel();
    }

    // ---- trap flag, name ----

    final boolean setTrapExits(boolean trap) {
        synchronized (this) {
            checkAlive();
            boolean previous = trapExits;
            trapExits = trap;
            return previous;
        }
    }

    /** Sets the trap flag before the process is published (no lock needed yet). */
    final void trapExitsFromStart(boolean trap) {
        trapExits = trap;
    }

    final synchronized boolean trapsExits() {
        return trapExits;
    }

    /**
     * Registers this process under {@code newName} in {@code names}. Done under the cell's lock, so a
     * process cannot take a name after its exit has released its names.
     */
    final synchronized void registerAs(String newName, ConcurrentMap<String, ProcessCell> names) {
        if (exitReason != null) {
            throw new NoProcessException("cannot register " + pid() + " as '" + newName
                    + "': the process is not alive (it exited with " + exitReason + ")");
        }
        if (newName.equals(name)) {
            return;
        }
        if (name != null) {
            throw new NameTakenException("cannot register " + pid() + " as '" + newName + "': it is already registered as '"
                    + name + "'. Unregister that name first; a process has at most one name.", this);
        }
        ProcessCell holder = names.putIfAbsent(newName, this);
        // A dead holder whose exit has not removed its name yet does not count.
        while (holder != null && holder != this && holder.exitReason != null) {
            holder = names.replace(newName, holder, this) ? null : names.putIfAbsent(newName, this);
        }
        if (holder != null && holder != this) {
            throw new NameTakenException("the name '" + newName + "' is already registered to " + holder.pid()
                    + "; unregister it first, or choose another name", holder);
        }
        name = newName;
    }

    /** Forgets {@code oldName} if it is this process's name; the caller removes it from the table. */
    final synchronized boolean forgetName(String oldName) {
        if (exitReason == null && oldName.equals(name)) { // a dead process keeps its last name, for observers
            name = null;
            return true;
        }
        return false;
    }

    // ---- introspection ----

    abstract ProcessStatus status();

    final Optional<ProcessInfo> info() {
        synchronized (this) {
            if (exitReason != null) {
                return Optional.empty();
            }
            List<ProcessRef<?>> linked = links == null ? List.of() : List.copyOf(links);
            List<ProcessRef<?>> watched = new ArrayList<>();
            if (monitors != null) {
                monitors.forEach(m -> watched.add(m.target));
            }
            List<ProcessRef<?>> watchers = new ArrayList<>();
            if (monitoredBy != null) {
                for (Monitor m : monitoredBy) {
                    watchers.add(m.observer); // a caller waiting on a call counts, as in Erlang
                }
            }
            ProcessStatus status = status();
            Optional<Class<?>> current = status == ProcessStatus.RUNNING ? Optional.ofNullable(handling) : Optional.empty();
            return Optional.of(new ProcessInfo(pid(), status, Optional.ofNullable(name), mailboxSize(), linked, watched,
                    watchers, trapExits, messagesHandled, current));
        }
    }

    // ---- ProcessContext: what every kind of process does the same way ----

    /**
     * Checks that the caller is this process's own code and that the process is alive; every context
     * method starts with it.
     */
    final void own() {
        if (!isOwnThread()) {
            throw new IllegalStateException("the ProcessContext of " + pid() + " was used from thread '"
                    + Thread.currentThread().getName() + "' outside the process. A context belongs to its process: use it"
                    + " only in that process's own code, and send the process a message to make it act.");
        }
        checkAlive();
    }

    /** Messages set aside by a selective receive or a flushing demonitor, oldest first; owner only. */
    private @Nullable ArrayDeque<Object> saved;

    /** The set-aside queue, created on first use; owner only. */
    final ArrayDeque<Object> saved() {
        ArrayDeque<Object> aside = saved;
        if (aside == null) {
            aside = new ArrayDeque<>();
            saved = aside;
        }
        return aside;
    }

    /** The oldest set-aside message the matcher accepts (any when null), removed; owner only. */
    final @Nullable Object takeSaved(@Nullable Predicate<Object> matcher) {
        ArrayDeque<Object> aside = saved;
        if (aside == null || aside.isEmpty()) {
            return null;
        }
        if (matcher == null) {
            return aside.pollFirst();
        }
        for (Iterator<Object> it = aside.iterator(); it.hasNext(); ) {
            Object message = it.next();
            if (matcher.test(Envelope.open(message))) {
                it.remove();
                return message;
            }
        }
        return null;
    }

    /** The next message: set-aside ones first, then the mailbox; owner only. */
    final @Nullable Object nextMessage() {
        ArrayDeque<Object> aside = saved;
        if (aside != null && !aside.isEmpty()) {
            return aside.pollFirst();
        }
        return mailbox.poll();
    }

    /** Whether set-aside messages wait; owner only. */
    final boolean hasSaved() {
        ArrayDeque<Object> aside = saved;
        return aside != null && !aside.isEmpty();
    }

    @Override
    public final int mailboxSize() {
        ArrayDeque<Object> aside = saved;
        return mailbox.size() + (aside == null ? 0 : aside.size());
    }

    @Override
    public final ProcessRef<Object> self() {
        return this;
    }

    @Override
    public final dev.actorkit.Scheduler scheduler() {
        return runtime;
    }

    @Override
    public final List<Object> flush() {
        own();
        List<Object> flushed = new ArrayList<>();
        Object message;
        while ((message = nextMessage()) != null) {
            flushed.add(Envelope.open(message));
        }
        messagesHandled += flushed.size();
        return flushed;
    }

    @Override
    public final ProcessRef<Object> spawnLink(dev.actorkit.ProcessBody body) {
        own();
        return runtime.spawnLinked(body, this);
    }

    @Override
    public final <T> ProcessRef<T> spawnLink(java.util.function.Supplier<? extends T> factory) {
        own();
        return runtime.spawnLinked(factory, this);
    }

    @Override
    public final void link(ProcessRef<?> other) {
        own();
        link(runtime.cellOf(other, "link"));
    }

    @Override
    public final void unlink(ProcessRef<?> other) {
        own();
        unlink(runtime.cellOf(other, "unlink"));
    }

    @Override
    public final MonitorRef monitor(ProcessRef<?> other) {
        own();
        return monitor(runtime.cellOf(other, "monitor"));
    }

    @Override
    public final boolean demonitor(MonitorRef ref) {
        return demonitor(ref, false);
    }

    @Override
    public final boolean demonitor(MonitorRef ref, boolean flush) {
        Objects.requireNonNull(ref, "ref must not be null");
        own();
        boolean wasActive = cancelMonitor(ref);
        if (flush) {
            // Move everything into the set-aside queue, then drop this monitor's Down from it; the Down,
            // if any, is in the mailbox already (Monitor.cancel waits for a firing in progress).
            Object message;
            while ((message = mailbox.poll()) != null) {
                saved().addLast(message);
            }
            if (saved != null) {
                saved.removeIf(m -> m instanceof Down down && down.ref().equals(ref));
            }
        }
        return wasActive;
    }

    @Override
    public final boolean trapExits(boolean trap) {
        own();
        return setTrapExits(trap);
    }

    @Override
    public final boolean isTrappingExits() {
        own();
        return trapsExits();
    }

    @Override
    public final void exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        own();
        exitFromOwnCode(reason == ExitReason.KILL ? ExitReason.KILLED : reason);
        throw terminated();
    }

    /** The process's own code ends it with {@code reason}. */
    void exitFromOwnCode(ExitReason reason) {
        terminate(reason);
    }

    @Override
    public final void exit(ProcessRef<?> target, ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        own();
        runtime.cellOf(target, "exit").exitSignal(this, reason);
        checkAlive(); // exit(self(), reason) may have ended this process
    }

    @Override
    public final TimerRef sendAfter(Object message, Duration delay) {
        own();
        return runtime.sendAfter(this, message, delay);
    }

    @Override
    public final TimerRef sendAfter(ProcessRef<?> target, Object message, Duration delay) {
        own();
        return runtime.sendAfter(target, message, delay);
    }

    @Override
    public final boolean cancelTimer(TimerRef timer) {
        own();
        return runtime.cancelTimer(timer);
    }

    static long toNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    static final long NO_TIMEOUT = -1;

}
