package dev.actorkit.docs;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.Down;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
// end::imports[]
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/monitors.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MonitorsGuideTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    private ProcessRef<Object> worker() {
        // tag::worker[]
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            if ("crash".equals(ctx.receive())) {
                throw new IllegalStateException("bad job");
            }                                                   // anything else: exit NORMAL
        });
        // end::worker[]
        return worker;
    }

    @Test
    void aMonitorDeliversOneDown() throws Exception {
        ProcessRef<Object> worker = worker();
        // tag::down[]
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<MonitorRef> monitor = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            monitor.complete(ctx.monitor(worker));              // erlang:monitor(process, Worker)
            worker.send("crash");
            down.complete(ctx.receive(Down.class, Duration.ofSeconds(5)).orElseThrow());
        });

        Down received = down.get(5, SECONDS);                   // {'DOWN', Ref, process, Worker, Reason}

        assertThat(received.ref()).isEqualTo(monitor.get());
        assertThat(received.process()).isEqualTo(worker);
        assertThat(received.reason()).isInstanceOf(ExitReason.Error.class);
        // end::down[]
    }

    @Test
    void monitoringADeadProcessDeliversNoprocAtOnce() throws Exception {
        // tag::noproc[]
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, SECONDS);

        CompletableFuture<Down> down = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            ctx.monitor(dead);
            down.complete(ctx.receive(Down.class, Duration.ofSeconds(5)).orElseThrow());
        });

        assertThat(down.get(5, SECONDS).reason()).isEqualTo(ExitReason.NOPROC);
        // end::noproc[]
    }

    @Test
    void demonitorWithFlushLeavesNoDownBehind() throws Exception {
        ProcessRef<Object> worker = worker();
        // tag::flush[]
        CompletableFuture<Optional<Down>> leftover = new CompletableFuture<>();
        scheduler.spawn(ctx -> {
            MonitorRef ref = ctx.monitor(worker);
            worker.send("stop");
            worker.termination().join();                        // the Down may be queued by now
            ctx.demonitor(ref, true);                           // demonitor(Ref, [flush])
            leftover.complete(ctx.receive(Down.class, Duration.ofMillis(100)));
        });

        assertThat(leftover.get(5, SECONDS)).isEmpty();
        // end::flush[]
    }
}
