package dev.actorkit.supervisor;

import dev.actorkit.ActorException;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.ProcessStartException;
import dev.actorkit.Scheduler;
import dev.actorkit.internal.Runtime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The handle users hold: each method is a call to the supervisor process. Thread-safe (it holds only
 * the supervisor's ref).
 */
final class SupervisorClient implements Supervisor, DynamicSupervisor {

    /** Supervisor calls wait as long as the work takes, as OTP's {@code infinity}: stopping children may. */
    private static final Duration NO_TIMEOUT = Duration.ofDays(36500);

    private final ProcessRef<Object> ref;

    private SupervisorClient(ProcessRef<Object> ref) {
        this.ref = ref;
    }

    @SuppressWarnings("unchecked") // every process ref accepts any message
    static SupervisorClient of(ProcessRef<?> supervisor) {
        return new SupervisorClient((ProcessRef<Object>) Objects.requireNonNull(supervisor, "supervisor must not be null"));
    }

    static SupervisorClient start(Scheduler scheduler, SupervisorSpec spec, boolean link) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(spec, "spec must not be null");
        CompletableFuture<Void> started = new CompletableFuture<>();
        ProcessRef<?> parent = link ? ProcessContext.current().self() : scheduler.systemRef();
        return launch(scheduler, SupervisorServer.of(spec, parent, started), started, link);
    }

    static SupervisorClient startDynamic(Scheduler scheduler, DynamicSupervisorSpec spec, boolean link) {
        Objects.requireNonNull(scheduler, "scheduler must not be null");
        Objects.requireNonNull(spec, "spec must not be null");
        CompletableFuture<Void> started = new CompletableFuture<>();
        ProcessRef<?> parent = link ? ProcessContext.current().self() : scheduler.systemRef();
        return launch(scheduler, SupervisorServer.dynamic(spec, parent, started), started, link);
    }

    private static SupervisorClient launch(Scheduler scheduler, SupervisorServer server, CompletableFuture<Void> started,
                                           boolean link) {
        ProcessRef<Object> ref = link ? ProcessContext.current().spawnLink(server) : scheduler.spawn(server);
        awaitStart(started, ref);
        return new SupervisorClient(ref);
    }

    /** Waits until a supervisor has started its children; rethrows its start failure. */
    static void awaitStart(CompletableFuture<Void> started, ProcessRef<?> supervisor) {
        Runtime.beforeBlocking();
        try {
            started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProcessStartException failure) {
                throw failure;
            }
            throw new ProcessStartException("supervisor " + supervisor.pid() + " failed to start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessStartException("interrupted while supervisor " + supervisor.pid() + " was starting", e);
        }
    }

    private Object request(SupervisorServer.Request request) {
        Object answer = ref.call(request, NO_TIMEOUT);
        if (answer instanceof SupervisorServer.Failure failure) {
            RuntimeException exception = failure.exception();
            exception.addSuppressed(new ActorException("supervisor request " + request + " made here"));
            throw exception;
        }
        return answer;
    }

    @Override
    public ProcessRef<Object> ref() {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked") // T names the class behind the child; no method of the ref uses it
    public <T> Optional<ProcessRef<T>> child(String id) {
        Objects.requireNonNull(id, "id must not be null");
        Object answer = request(new SupervisorServer.GetChild(id));
        return answer instanceof ProcessRef<?> child ? Optional.of((ProcessRef<T>) child) : Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ProcessRef<Object> startChild(ChildSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return (ProcessRef<Object>) request(new SupervisorServer.StartChild(spec));
    }

    @Override
    public void terminateChild(String id) {
        Objects.requireNonNull(id, "id must not be null");
        request(new SupervisorServer.TerminateChild(id));
    }

    @Override
    public void terminateChild(ProcessRef<?> child) {
        Objects.requireNonNull(child, "child must not be null");
        request(new SupervisorServer.TerminateChild(child));
    }

    @Override
    @SuppressWarnings("unchecked")
    public ProcessRef<Object> restartChild(String id) {
        Objects.requireNonNull(id, "id must not be null");
        return (ProcessRef<Object>) request(new SupervisorServer.RestartChild(id));
    }

    @Override
    public void deleteChild(String id) {
        Objects.requireNonNull(id, "id must not be null");
        request(new SupervisorServer.DeleteChild(id));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<ChildInfo> whichChildren() {
        return (List<ChildInfo>) request(new SupervisorServer.WhichChildren());
    }

    @Override
    public boolean hasGivenUp() {
        return SupervisorServer.hasGivenUp(ref);
    }

    @Override
    public ChildCounts countChildren() {
        return (ChildCounts) request(new SupervisorServer.CountChildren());
    }

    @Override
    public void stop() {
        stop(ExitReason.SHUTDOWN);
    }

    @Override
    public void stop(ExitReason reason) {
        Objects.requireNonNull(reason, "reason must not be null");
        request(new SupervisorServer.Stop(reason));
        Runtime.beforeBlocking();
        ref.termination().join();
    }

    @Override
    public String toString() {
        return "Supervisor[" + ref.pid() + "]";
    }
}
