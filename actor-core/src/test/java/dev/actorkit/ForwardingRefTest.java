package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static dev.actorkit.Await.exitReasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@link ProcessRef.Forwarding} ref works wherever the runtime needs one of its own refs. */
class ForwardingRefTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    /** Stands for whatever ref it is pointed at, or for nothing yet. */
    static final class Handle implements ProcessRef.Forwarding<Object> {
        volatile @Nullable ProcessRef<Object> target;

        @Override
        public ProcessRef<Object> target() {
            ProcessRef<Object> current = target;
            if (current == null) {
                throw new NoProcessException("not started yet");
            }
            return current;
        }

        @Override
        public Pid pid() {
            return target().pid();
        }

        @Override
        public void send(Object message) {
            target().send(message);
        }

        @Override
        public boolean isAlive() {
            return target != null && target().isAlive();
        }

        @Override
        public CompletableFuture<ExitReason> termination() {
            return target().termination();
        }

        @Override
        public <R> R call(Object request) {
            return target().call(request);
        }

        @Override
        public <R> R call(Object request, Duration timeout) {
            return target().call(request, timeout);
        }

        @Override
        public <R> CompletableFuture<R> ask(Object request, Duration timeout) {
            return target().ask(request, timeout);
        }
    }

    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    @Test
    void aProcessMonitorsAndLinksThroughAForwardingRef() throws Exception {
        ProcessRef<Object> target = idle();
        Handle handle = new Handle();
        handle.target = target;
        Inbox inbox = Inbox.started(scheduler);
        CompletableFuture<MonitorRef> monitored = new CompletableFuture<>();
        ProcessRef<Object> watcher = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            monitored.complete(ctx.monitor(handle));
            ctx.link(handle);
            while (true) {
                inbox.ref().send(ctx.receive());
            }
        });
        MonitorRef monitor = monitored.get();
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> scheduler.info(handle).orElseThrow().links().contains(watcher));

        scheduler.exit(handle, ExitReason.KILL);

        assertThat(java.util.List.of(inbox.next(), inbox.next())).containsExactlyInAnyOrder(
                new Down(monitor, target, ExitReason.KILLED), new Exit(target, ExitReason.KILLED));
        assertThat(exitReasonOf(target)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void timersAndNamesAcceptAForwardingRef() {
        Inbox inbox = Inbox.started(scheduler);
        Handle handle = new Handle();
        handle.target = inbox.ref();

        scheduler.register("inbox", handle);
        scheduler.sendAfter(handle, "tick", Duration.ofMillis(10));

        assertThat(inbox.next()).isEqualTo("tick");
        assertThat(scheduler.whereis("inbox")).contains(inbox.ref());
    }

    @Test
    void aForwardingRefThatStandsForNothingYetFailsWithNoProcessException() {
        Handle handle = new Handle();

        assertThat(scheduler.info(handle)).isEmpty();
        assertThatThrownBy(() -> scheduler.exit(handle, ExitReason.KILL)).isInstanceOf(NoProcessException.class);
    }
}
