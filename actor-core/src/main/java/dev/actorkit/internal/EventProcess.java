package dev.actorkit.internal;

import dev.actorkit.DeadLetter;
import dev.actorkit.ErrorReplyException;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.ProcessObserver;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStatus;
import dev.actorkit.ProcessTerminatedException;
import dev.actorkit.Reply;
import dev.actorkit.UnhandledMessageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An annotation-driven process: an instance of a {@code @Process} class whose {@code @Receive} methods
 * handle its messages, run by the scheduler's pool (or, for {@code blocking = true}, on a virtual thread
 * per activation). Each submission to the pool is a new {@link Activation}; a hand-off through a
 * worker's run-next slot allocates nothing.
 *
 * <p>Concurrency: {@code state} is the scheduling word. A producer that finds it {@code IDLE} after its
 * offer moves it to {@code SCHEDULED} and submits the process, so the process is queued or running at
 * most once. The activation handles up to {@code throughput} messages, sets {@code IDLE}, and then
 * checks the mailbox again: a message offered while it was finishing would otherwise wait for the next
 * send (the producer saw {@code SCHEDULED} and did not submit). A dead process stays {@code SCHEDULED}
 * for good, so it is never run again after its last activation drained its mailbox.
 */
final class EventProcess extends ProcessCell {

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventProcess.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int IDLE = 0;
    private static final int SCHEDULED = 1;
    /** Set once by the activation that saw the process dead and drained it: nothing more to run. */
    private static final int FINISHED = 2;

    private static final Reply<Object> NO_CALLER = value -> false;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    final ProcessType type;
    private final Object instance;
    /** The spawner; an Exit from it stops a process that traps exits, as a gen_server's parent does. */
    private final ProcessRef<?> parent;
    /** Completed when {@code @Init} has run; only for classes that have one. */
    private @Nullable CompletableFuture<Void> started;
    private boolean initialized;
    private boolean terminateRan;

    EventProcess(Runtime runtime, long id, ProcessType type, Object instance, ProcessRef<?> parent,
                 @Nullable ChildSlot<?> slot, MailboxConfig mailbox) {
        super(runtime, id, slot, mailbox);
        this.type = type;
        this.instance = instance;
        this.parent = parent;
        trapExitsFromStart(type.trapExits); // before any link exists, so even a spawnLink parent's exit is trapped
        if (type.init != null) {
            // The spawner submits the first activation, which runs @Init; without one, the first
            // message schedules the process, so an idle process costs no pool work at all.
            started = new CompletableFuture<>();
            state = SCHEDULED;
        }
    }

    /** The future {@code spawn} waits on when the class has an {@code @Init}; null otherwise. */
    @Nullable CompletableFuture<Void> started() {
        return started;
    }

    // ---- scheduling ----

    @Override
    void wakeConsumer() {
        if ((int) STATE.getVolatile(this) == IDLE && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            runtime.execute(this);
        }
    }

    @Override
    void wakeForMailbox() {
        wakeConsumer();
    }

    @Override
    void stopOwnCode() {
        // Killed from outside: let one more activation drain the mailbox into dead letters.
        wakeConsumer();
    }

    /** Runs an activation taken from the pool, then the processes it woke. The turn's pool worker only. */
    void runOnWorker(Activation turn) {
        runSafely(this);
        // Then the processes this one woke, one after another on this warm thread, up to a bound;
        // past it the next goes back to the pool so that other work gets its turn.
        for (int handOffs = 0; ; handOffs++) {
            EventProcess next = turn.takeNext();
            if (next == null) {
                break;
            }
            if (handOffs == MAX_HAND_OFFS) {
                runtime.executeOnPool(next);
                break;
            }
            runSafely(next);
        }
    }

    /** Processes run one after another from a worker's slot before the next goes back to the pool. */
    private static final int MAX_HAND_OFFS = 64;

    private static void runSafely(EventProcess process) {
        try {
            process.activate();
        } catch (Throwable bug) {
            // activate() handles every failure of user code; this is a runtime bug. Log it, and go on with
            // the processes in the run-next slot: an exception escaping to the pool would be dropped silently.
            Runtime.LOG.log(System.Logger.Level.ERROR, "activation of " + process + " failed", bug);
        }
    }

    /** One activation: up to {@code throughput} messages. Runs on a pool worker or a virtual thread. */
    void activate() {
        Thread thread = Thread.currentThread();
        Worker worker = thread instanceof Worker w ? w : null;
        Activation turn = worker != null ? worker.turn : null;
        if (worker != null) {
            worker.activationsRun++;
        } else {
            runtime.activationsOffPool.increment();
        }
        if (turn != null) {
            turn.running = this;
        } else {
            setCurrent(this);
        }
        Observers observer = runtime.observer;
        ProcessObserver.Scope entered = null;
        try {
            if (!acquireMailbox()) {
                return; // the previous incarnation still holds the slot's mailbox; the slot wakes us
            }
            if (observer != null) {
                entered = observer.enter(this);
            }
            if (!initialized) {
                initialized = true;
                if (!runInit()) {
                    return;
                }
            }
            int budget = runtime.throughput;
            while (budget-- > 0 && isAlive()) {
                Object message = nextMessage();
                if (message == null) {
                    break;
                }
                messagesHandled++;
                if (worker != null) {
                    worker.handled++;
                }
                if (observer == null && !(message instanceof Envelope)) {
                    handle(message); // the common case: no clock, no context, nothing allocated
                } else {
                    handleObserved(message, observer);
                }
            }
        } finally {
            Observers.close(entered);
            if (turn != null) {
                turn.running = null;
            } else {
                setCurrent(null);
            }
            afterActivation();
        }
    }

    private void afterActivation() {
        if (!isAlive()) {
            STATE.setVolatile(this, FINISHED);
            consumerExited();
            return;
        }
        STATE.setVolatile(this, IDLE);
        if (!holdsMailbox) {
            // The slot wakes us when the previous incarnation lets go of the mailbox; if that happened
            // while we were still running (its wake-up then found us busy), go again now.
            if (slot != null && slot.isFreeFor(this) && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
                runtime.execute(this);
            }
            return;
        }
        // A producer that offered while we were running saw SCHEDULED and left the work to us.
        if (hasMessages() && STATE.compareAndSet(this, IDLE, SCHEDULED)) {
            runtime.execute(this);
        }
    }

    // ---- init, messages, terminate ----

    private boolean runInit() {
        CompletableFuture<Void> startup = started;
        if (type.init == null) {
            return true;
        }
        try {
            type.init.invoke(instance, this, null);
            startup.complete(null);
            return true;
        } catch (ProcessTerminatedException exited) {
            startup.completeExceptionally(exited);
            return false;
        } catch (Throwable failure) {
            runtime.reportCrash(this, null, failure);
            terminate(ExitReason.error(failure)); // dead before spawn reports the failure
            startup.completeExceptionally(failure);
            return false;
        } finally {
            started = null;
        }
    }

    /** Handles a message in its sender's context (if it carries one), timed for the observers (if any). */
    private void handleObserved(Object message, @Nullable Observers observer) {
        ProcessObserver.Scope context = runtime.restore(this, message);
        try {
            Object bare = Envelope.open(message);
            if (observer == null || !observer.timesMessages) {
                handle(bare);
                return;
            }
            long start = System.nanoTime();
            boolean crashed = handle(bare);
            observer.messageHandled(this, Runtime.messageType(bare), System.nanoTime() - start, crashed);
        } finally {
            Observers.close(context);
        }
    }

    /** Handles one bare message; true if its handler threw (the process has then exited). */
    private boolean handle(Object message) {
        try {
            if (message instanceof PendingCall<?> call) {
                handleCall(call);
            } else if (message instanceof Exit exit && type.trapExits
                    && (exit.from() == parent || exit.from() == runtime.systemRef() && runtime.isClosing())) {
                // gen_server: the parent's exit signal stops a trapping server, after terminate. So does
                // Scheduler.close()'s, which stands in for every parent when the whole system stops.
                stop(exit.reason());
            } else {
                Class<?> messageClass = message.getClass();
                if (handling != messageClass) {
                    // Only on a change: a reference store into a long-lived cell costs a G1 barrier with a fence.
                    handling = messageClass;
                }
                Handler handler = type.handlerFor(messageClass);
                if (handler == null) {
                    runtime.deadLetter(slot != null ? slot : this, message, DeadLetter.Cause.UNHANDLED);
                } else {
                    handler.invoke(instance, message, this, NO_CALLER);
                }
            }
        } catch (ProcessTerminatedException exited) {
            // exit(reason) from the handler, or killed meanwhile: the exit has happened.
        } catch (Throwable crash) {
            runtime.reportCrash(this, Runtime.messageType(message), crash);
            // Reported against the stable ref for a supervised child: that is the address its sender used.
            runtime.crashed(slot != null ? slot : this, message instanceof PendingCall<?> call ? call.request() : message, crash);
            stop(ExitReason.error(crash));
            return true;
        }
        return false;
    }

    private void handleCall(PendingCall<?> call) throws Throwable {
        Object request = call.request();
        Class<?> requestClass = request.getClass();
        handling = requestClass;
        Handler handler = type.handlerFor(requestClass);
        if (handler == null) {
            // Checked by ask() already; reached only for a request whose handler appeared to be missing late.
            call.fail(unhandled(request));
            return;
        }
        Object reply;
        try {
            reply = handler.invoke(instance, request, this, call);
        } catch (ErrorReplyException error) {
            call.replyError(error.reason()); // {reply, {error, Reason}, State}: the process goes on
            return;
        }
        if (!handler.takesReply) {
            call.reply(reply);
        }
    }

    @Override
    @Nullable RuntimeException rejectCall(Object request) {
        return type.handlerFor(request.getClass()) == null ? unhandled(request) : null;
    }

    UnhandledMessageException unhandled(Object request) {
        return new UnhandledMessageException(type.type.getName() + " (" + pid() + ") has no @Receive method for "
                + request.getClass().getName() + ". Add one, e.g. @Receive Object on(" + request.getClass().getSimpleName()
                + " request), or send the request type it handles.");
    }

    /** The process ends by its own doing: run {@code @Terminate}, then exit. */
    private void stop(ExitReason reason) {
        runTerminate(reason);
        terminate(reason);
    }

    @Override
    void exitFromOwnCode(ExitReason reason) {
        stop(reason);
    }

    private void runTerminate(ExitReason reason) {
        if (type.terminate == null || terminateRan || !isAlive()) {
            return;
        }
        terminateRan = true;
        try {
            type.terminate.invoke(instance, this, reason);
        } catch (ProcessTerminatedException exited) {
            // exit(...) inside terminate: that reason stands.
        } catch (Throwable failure) {
            Runtime.LOG.log(System.Logger.Level.ERROR, "@Terminate of " + this + " threw while exiting with " + reason, failure);
        }
    }

    private boolean hasMessages() {
        return !mailbox.isEmpty() || hasSaved();
    }

    @Override
    boolean isOwnThread() {
        return current() == this;
    }

    @Override
    public Class<?> processClass() {
        return type.type;
    }

    @Override
    public String typeLabel() {
        return type.label;
    }

    @Override
    ProcessStatus status() {
        if (!isAlive()) {
            return ProcessStatus.EXITED;
        }
        int scheduling = (int) STATE.getVolatile(this);
        if (scheduling == IDLE) {
            return ProcessStatus.WAITING;
        }
        boolean running = type.blocking ? runsOnVirtualThread(this) : runtime.isRunning(this);
        return running ? ProcessStatus.RUNNING : ProcessStatus.RUNNABLE;
    }

    // ---- receive is for blocking-style processes ----

    private UnsupportedOperationException noReceive() {
        return new UnsupportedOperationException("receive() is for blocking-style processes (spawned with a ProcessBody). "
                + type.type.getSimpleName() + " is an annotation-driven process: its messages arrive at its @Receive methods;"
                + " keep state in fields and handle each message there.");
    }

    @Override
    public Object receive() {
        throw noReceive();
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        throw noReceive();
    }

    @Override
    public <M> Optional<M> receive(Class<M> messageType, Duration timeout) {
        throw noReceive();
    }

    @Override
    public Optional<Object> receive(Predicate<Object> matcher, Duration timeout) {
        throw noReceive();
    }

    @Override
    public String toString() {
        return super.toString() + " " + type.type.getSimpleName();
    }
}
