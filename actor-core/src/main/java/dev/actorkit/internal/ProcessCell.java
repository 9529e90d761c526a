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
import dev.actorkit.NameTakenException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
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
public abstract class ProcessCell implements ProcessRef<Object> {

    private static final ThreadLocal<ProcessCell> CURRENT = new ThreadLocal<>();
    private static final VarHandle DRAIN_LOCK;

    static {
        try {
            DRAIN_LOCK = MethodHandles.lookup().findVarHandle(ProcessCell.class, "drainLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Runtime runtime;
    final long id;
    final Mailbox mailbox = new Mailbox();

    /** Null while alive; the exit reason once dead. Written under the lock, read anywhere. */
    private volatile @Nullable ExitReason exitReason;
    /** True while the process's own thread is between its alive check and the end of a send. */
    private volatile boolean sending;
    /** Set once the consumer will take no more messages: later arrivals are drained as dead letters. */
    private volatile boolean consumerGone;
    /** 0 or 1: who drains a dead process's mailbox; see {@link #drainDeadMailbox()}. */
    @SuppressWarnings("unused") // accessed through DRAIN_LOCK
    private volatile int drainLock;

    // Guarded by this.
    private @Nullable List<ProcessCell> links;
    private @Nullable List<Monitor> monitors;
    private @Nullable List<Monitor> monitoredBy;
    private @Nullable String name;
    private boolean trapExits;
    private @Nullable CompletableFuture<ExitReason> termination;

    /** Messages taken out of the mailbox; written by the process's thread only. */
    long messagesHandled;

    ProcessCell(Runtime runtime, long id) {
        this.runtime = runtime;
        this.id = id;
    }

    // ---- the current process ----

    /** The process whose code runs on the calling thread, or null. */
    static @Nullable ProcessCell current() {
        return CURRENT.get();
    }

    static void setCurrent(@Nullable ProcessCell cell) {
        if (cell == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(cell);
        }
    }

    /** {@link ProcessContext#current()}. */
    public static ProcessContext currentContext() {
        ProcessCell cell = CURRENT.get();
        if (cell == null) {
            throw new NotInProcessException("ProcessContext.current() was called on thread '" + Thread.currentThread().getName()
                    + "', which is not running a process. Call it from a process's own code, or use the ProcessContext"
                    + " passed to the process body.");
        }
        return cell.context();
    }

    /** The context handed to this process's code. */
    abstract ProcessContext context();

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
                termination = new CompletableFuture<>();
            }
            // A copy, so callers cannot complete the process's own future.
            return termination.copy();
        }
    }

    @Override
    public void send(Object message) {
        Objects.requireNonNull(message, "message must not be null");
        runtime.checkCanSend();
        ProcessCell sender = CURRENT.get();
        if (sender == null) {
            deliver(message);
            return;
        }
        sender.sending = true;
        try {
            // Dekker with terminate(): either this send sees the sender dead, or its terminator waits
            // until the message is in the mailbox, before any Exit or Down the death causes.
            if (sender.exitReason != null) {
                throw sender.terminated();
            }
            deliver(message);
        } finally {
            sender.sending = false;
        }
    }

    @Override
    public <R> R call(Object request) {
        return call(request, runtime.config().callTimeout());
    }

    @Override
    public <R> R call(Object request, Duration timeout) {
        CompletableFuture<R> reply = ask(request, timeout);
        ProcessCell caller = CURRENT.get();
        try {
            return reply.get();
        } catch (InterruptedException e) {
            if (caller != null && caller.exitReason != null) {
                throw caller.terminated();
            }
            Thread.currentThread().interrupt();
            throw new dev.actorkit.ActorException("interrupted while calling " + pid() + " with " + request.getClass().getName(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                // Rethrown on the caller's thread: keep the stack trace where the call was made.
                failure.addSuppressed(new Exception("call made here"));
                throw failure;
            }
            throw new dev.actorkit.ActorException("call to " + pid() + " failed", e.getCause());
        }
    }

    @Override
    public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
        Objects.requireNonNull(request, "request must not be null");
        Runtime.requireNonNegative(timeout, "timeout");
        runtime.checkCanSend();
        ProcessCell caller = CURRENT.get();
        if (caller == this) {
            throw new CallingSelfException("process " + pid() + " called itself with " + request.getClass().getName()
                    + "; it cannot reply while it waits. Handle the request directly, or send it to self() and handle it later.");
        }
        PendingCall<R> call = new PendingCall<>(this, request, caller != null ? caller : runtime.systemRef(), timeout);
        Monitor monitor = new Monitor(runtime.newMonitorRef(), this, call::targetExited);
        if (!addMonitoredBy(monitor)) {
            call.fail(new NoProcessException("call to " + pid() + " with " + request.getClass().getName()
                    + " failed: the process is not alive (it exited with " + exitReason + ")"));
            return call.future();
        }
        call.start(monitor, runtime.timers());
        send(call);
        return call.future();
    }

    @Override
    public String toString() {
        String registered = name;
        return registered == null ? pid().toString() : pid() + " (" + registered + ")";
    }

    // ---- delivery ----

    /** Puts a message in the mailbox, or records a dead letter if the process is dead. Any thread. */
    final void deliver(Object message) {
        if (exitReason != null) {
            runtime.deadLetter(this, message, DeadLetter.Cause.NO_PROCESS);
            return;
        }
        mailbox.offer(message);
        afterOffer();
    }

    /** Delivers an {@code Exit} or {@code Down}: like {@link #deliver}, but a dead receiver just ignores it. */
    final void deliverSignalMessage(Object message) {
        if (exitReason != null) {
            return;
        }
        mailbox.offer(message);
        afterOffer();
    }

    private void afterOffer() {
        wakeConsumer();
        // Dekker with consumerExited(): either the consumer drains this message, or we see it gone.
        if (consumerGone) {
            drainDeadMailbox();
        }
    }

    /** Wakes the consumer if it waits for messages. */
    abstract void wakeConsumer();

    /**
     * Called by the consumer once it will take no more messages (the process is dead): whatever is
     * still queued, and whatever arrives later, becomes a {@code SHUTDOWN} dead letter.
     */
    final void consumerExited(@Nullable Iterable<Object> keptAside) {
        if (keptAside != null) {
            for (Object message : keptAside) {
                runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN);
            }
        }
        consumerGone = true;
        drainDeadMailbox();
    }

    private void drainDeadMailbox() {
        // Single consumer: only the holder of drainLock polls. A producer that fails to take it relies
        // on the holder's check after release.
        while (!mailbox.isEmpty() && DRAIN_LOCK.compareAndSet(this, 0, 1)) {
            try {
                Object message;
                while ((message = mailbox.pollCompletely()) != null) {
                    runtime.deadLetter(this, message, DeadLetter.Cause.SHUTDOWN);
                }
            } finally {
                DRAIN_LOCK.setVolatile(this, 0);
            }
        }
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
                          @Nullable List<Monitor> monitors, @Nullable String name, @Nullable CompletableFuture<ExitReason> termination) {
    }

    /** Marks the process dead with {@code reason}; the caller holds the lock. Null if it was dead already. */
    private @Nullable Ending beginExitLocked(ExitReason reason) {
        if (exitReason != null) {
            return null;
        }
        exitReason = reason;
        Ending ending = new Ending(reason, links, monitoredBy, monitors, name, termination);
        links = null;
        monitoredBy = null;
        monitors = null;
        name = null;
        termination = null;
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

    private void finishExit(Ending ending) {
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
                monitor.cancel();
            }
        }
        if (ending.termination() != null) {
            ending.termination().complete(ending.reason());
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

    /** Ends the process with {@code reason} even if it traps exits (scheduler shutdown). */
    final void forceExit(ExitReason reason) {
        terminate(reason);
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

    final synchronized boolean trapsExits() {
        return trapExits;
    }

    final synchronized @Nullable String registeredName() {
        return name;
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
        if (oldName.equals(name)) {
            name = null;
            return true;
        }
        return false;
    }

    // ---- introspection ----

    abstract ProcessStatus status();

    /** Messages waiting, including those a selective receive set aside. */
    abstract int mailboxSize();

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
                    if (m.watcher != null) {
                        watchers.add(m.watcher);
                    }
                }
            }
            return Optional.of(new ProcessInfo(pid(), status(), Optional.ofNullable(name), mailboxSize(), linked, watched,
                    watchers, trapExits, messagesHandled));
        }
    }

    static long toNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    static final long NO_TIMEOUT = -1;

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
