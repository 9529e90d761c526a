package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** erlang:processes/0, process_info/1 and how pids print. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IntrospectionTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    record Wakeup() { }

    private ProcessRef<Object> idle() {
        return scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
            }
        });
    }

    private ProcessInfo info(ProcessRef<?> ref) {
        return scheduler.info(ref).orElseThrow(() -> new AssertionError("no info for live process " + ref.pid()));
    }

    @Test
    void processesListsTheLiveProcessesInPidOrder() {
        ProcessRef<Object> a = idle();
        ProcessRef<Object> b = idle();
        ProcessRef<Object> c = idle();

        List<ProcessRef<?>> processes = scheduler.processes();

        assertThat(processes).containsSubsequence(a, b, c);
        assertThat(processes).isSortedAccordingTo(Comparator.comparing(ProcessRef::pid));
        assertThat(a.pid()).isLessThan(b.pid());
        assertThat(b.pid()).isLessThan(c.pid());
    }

    @Test
    void processesDoesNotListDeadProcesses() throws Exception {
        ProcessRef<Object> alive = idle();
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);

        List<ProcessRef<?>> processes = scheduler.processes();

        assertThat(processes).contains(alive).doesNotContain(dead);
    }

    @Test
    void infoShowsTheRegisteredNameAndTheTrapFlag() {
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            while (true) {
                ctx.receive();
            }
        });
        scheduler.register("worker", worker);

        await().atMost(Duration.ofSeconds(5)).until(() -> info(worker).trapExit());
        ProcessInfo info = info(worker);
        assertThat(info.pid()).isEqualTo(worker.pid());
        assertThat(info.registeredName()).contains("worker");
    }

    @Test
    void infoOfAnUnnamedProcessThatDoesNotTrapShowsNeither() {
        ProcessRef<Object> plain = idle();

        ProcessInfo info = info(plain);

        assertThat(info.registeredName()).isEmpty();
        assertThat(info.trapExit()).isFalse();
    }

    @Test
    void infoShowsTheMailboxLengthAndTheMessagesHandled() {
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.receive();
            ctx.receive();
            ctx.receive(Wakeup.class, Duration.ofSeconds(30)); // leaves everything else queued
        });

        worker.send("one");
        worker.send("two");
        worker.send(3);
        worker.send(4);
        worker.send(5);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ProcessInfo info = info(worker);
            assertThat(info.messagesHandled()).isEqualTo(2);
            assertThat(info.mailboxSize()).isEqualTo(3);
        });
    }

    @Test
    void infoShowsLinksMonitorsAndMonitoredBy() {
        ProcessRef<Object> linked = idle();
        ProcessRef<Object> monitored = idle();
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.link(linked);
            ctx.monitor(monitored);
            while (true) {
                ctx.receive();
            }
        });
        ProcessRef<Object> watcher = scheduler.spawn(ctx -> {
            ctx.monitor(worker);
            while (true) {
                ctx.receive();
            }
        });

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ProcessInfo info = info(worker);
            assertThat(info.links()).containsExactly(linked);
            assertThat(info.monitors()).containsExactly(monitored);
            assertThat(info.monitoredBy()).containsExactly(watcher);
        });
        assertThat(info(linked).links()).containsExactly(worker);
        assertThat(info(monitored).monitoredBy()).containsExactly(worker);
        assertThat(info(watcher).monitors()).containsExactly(worker);
    }

    @Test
    void infoReportsWaitingForAProcessBlockedInReceive() {
        ProcessRef<Object> waiting = idle();

        await().atMost(Duration.ofSeconds(5)).until(() -> info(waiting).status() == ProcessStatus.WAITING);
        assertThat(info(waiting).mailboxSize()).isZero();
    }

    @Test
    void infoReportsWaitingForAProcessInASelectiveReceiveWithOtherMessagesQueued() {
        ProcessRef<Object> selective = scheduler.spawn(ctx -> ctx.receive(Wakeup.class, Duration.ofSeconds(30)));

        selective.send("not a wakeup");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ProcessInfo info = info(selective);
            assertThat(info.status()).isEqualTo(ProcessStatus.WAITING);
            assertThat(info.mailboxSize()).isEqualTo(1);
        });
    }

    /** Holds its handler until the test releases it. */
    record Hold(CountDownLatch release) { }

    @dev.actorkit.annotation.Process
    static class Holder {
        @dev.actorkit.annotation.Receive
        boolean on(Hold hold) throws InterruptedException {
            return hold.release().await(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void infoShowsTheTypeOfTheMessageAHandlerIsHandling() {
        ProcessRef<Holder> holder = scheduler.spawn(Holder::new);
        CountDownLatch release = new CountDownLatch(1);

        holder.send(new Hold(release));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ProcessInfo info = info(holder);
            assertThat(info.status()).isEqualTo(ProcessStatus.RUNNING);
            assertThat(info.currentMessageType()).contains(Hold.class);
        });
        release.countDown();
    }

    @dev.actorkit.annotation.Process(blocking = true)
    static class BlockingHolder extends Holder {
    }

    @Test
    void infoShowsTheTypeOfTheMessageABlockingHandlerIsHandlingOnItsVirtualThread() {
        ProcessRef<BlockingHolder> holder = scheduler.spawn(BlockingHolder::new);
        CountDownLatch release = new CountDownLatch(1);

        holder.send(new Hold(release));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ProcessInfo info = info(holder);
            assertThat(info.status()).isEqualTo(ProcessStatus.RUNNING);
            assertThat(info.currentMessageType()).contains(Hold.class);
        });
        release.countDown();
    }

    @Test
    void infoShowsTheTypeOfTheRequestOfACallBeingHandled() {
        ProcessRef<Holder> holder = scheduler.spawn(Holder::new);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Boolean> reply = holder.ask(new Hold(release), Duration.ofSeconds(20));

        await().atMost(Duration.ofSeconds(5)).until(() -> info(holder).currentMessageType().equals(Optional.of(Hold.class)));
        release.countDown();
        assertThat(reply.join()).isTrue();
    }

    @Test
    void infoOfAProcessWaitingForMessagesShowsNoCurrentMessageType() {
        ProcessRef<Holder> holder = scheduler.spawn(Holder::new);
        CountDownLatch released = new CountDownLatch(0);
        holder.send(new Hold(released));

        await().atMost(Duration.ofSeconds(5)).until(() -> info(holder).messagesHandled() == 1
                && info(holder).status() == ProcessStatus.WAITING);
        assertThat(info(holder).currentMessageType()).isEmpty();
    }

    @Test
    void infoOfABlockingStyleProcessShowsTheTypeOfTheMessageItReceivedLast() {
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Object> worker = scheduler.spawn(ctx -> {
            ctx.receive();
            release.await(20, TimeUnit.SECONDS);    // busy with what it received
        });

        worker.send(new Wakeup());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(info(worker).currentMessageType()).contains(Wakeup.class));
        release.countDown();
    }

    @Test
    void infoOfADeadProcessIsEmpty() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);

        Optional<ProcessInfo> info = scheduler.info(dead);

        assertThat(info).isEmpty();
    }

    @Test
    void aPidPrintsLikeAnErlangPid() {
        Pid pid = idle().pid();

        assertThat(pid.toString()).matches("<0\\.\\d+\\.0>").isEqualTo("<0." + pid.id() + ".0>");
        assertThat(pid.node()).isZero();
        assertThat(pid.serial()).isZero();
    }

    @Test
    void everySpawnGetsANewPid() {
        ProcessRef<Object> a = idle();
        ProcessRef<Object> b = idle();

        assertThat(a.pid()).isNotEqualTo(b.pid());
        assertThat(a).isNotEqualTo(b);
    }

    @dev.actorkit.annotation.Process
    static class Echo {
        @dev.actorkit.annotation.Receive
        String on(String request) {
            return request;
        }
    }

    private void awaitIdle(ProcessRef<?> process) {
        await().atMost(Duration.ofSeconds(5)).until(() -> info(process).status() == ProcessStatus.WAITING);
    }

    @Test
    void statsCountAnActivationForEveryCallToAnIdleEventDrivenProcess() {
        ProcessRef<Echo> pooled = scheduler.spawn(Echo::new);
        long before = scheduler.stats().activations();

        for (int i = 0; i < 10; i++) {
            assertThat(pooled.<String>call("ping")).isEqualTo("ping");
            awaitIdle(pooled); // so that the next call wakes it again rather than joining this activation
        }

        assertThat(scheduler.stats().activations() - before).isGreaterThanOrEqualTo(10);
    }

    @dev.actorkit.annotation.Process(blocking = true)
    static class BlockingEcho extends Echo {
    }

    @Test
    void statsCountActivationsOfBlockingHandlersOnVirtualThreadsToo() {
        ProcessRef<BlockingEcho> blocking = scheduler.spawn(BlockingEcho::new);
        long before = scheduler.stats().activations();

        for (int i = 0; i < 5; i++) {
            assertThat(blocking.<String>call("ping")).isEqualTo("ping");
            awaitIdle(blocking);
        }

        assertThat(scheduler.stats().activations() - before).isGreaterThanOrEqualTo(5);
    }
}
