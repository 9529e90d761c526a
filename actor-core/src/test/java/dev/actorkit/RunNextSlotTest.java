package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process woken by a handler runs on that handler's worker right after it (the "run next" slot),
 * but never waits for a handler that blocks.
 */
@Timeout(30)
class RunNextSlotTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(
            SchedulerConfig.defaults().withParallelism(1), Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record Go(ProcessRef<?> other, CountDownLatch latch, CompletableFuture<Boolean> result) {
    }

    record CountDown(CountDownLatch latch) {
    }

    record Question() {
    }

    @Process
    static class Waiter {
        @Receive
        void on(Go go) throws InterruptedException {
            go.other().send(new CountDown(go.latch()));   // wakes the other process...
            go.result().complete(go.latch().await(10, TimeUnit.SECONDS)); // ...and waits for it (bad style, but it must not hang)
        }
    }

    @Process
    static class Helper {
        @Receive
        void on(CountDown countDown) {
            countDown.latch().countDown();
        }

        @Receive
        String on(Question question) {
            return "answer";
        }
    }

    @Process
    static class Caller {
        @Receive
        String on(ProcessRef<?> helper) {
            helper.send(new Question());                 // wakes the helper...
            return helper.call(new Question());          // ...and calls it: the call hands it to the pool
        }
    }

    @Test
    void aHandlerThatWakesAProcessAndThenBlocksWaitingForItDoesNotDeadlock() throws Exception {
        // Two threads: with one, a handler blocked outside the runtime stops the pool anyway.
        Scheduler twoThreads = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        ProcessRef<Waiter> waiter = twoThreads.spawn(Waiter::new);
        ProcessRef<Helper> helper = twoThreads.spawn(Helper::new);
        CompletableFuture<Boolean> result = new CompletableFuture<>();

        waiter.send(new Go(helper, new CountDownLatch(1), result));

        assertThat(result.get(15, TimeUnit.SECONDS)).as("the latch was counted down").isTrue();
        twoThreads.close(Duration.ofMillis(200));
    }

    record Kick(ProcessRef<?> blocker, ProcessRef<?> helper, CountDownLatch latch, CompletableFuture<Boolean> result) {
    }

    record Block(CountDownLatch latch, CompletableFuture<Boolean> result) {
    }

    @Process
    static class Kicker {
        @Receive
        void on(Kick kick) {
            kick.blocker().send(new Block(kick.latch(), kick.result())); // into this worker's slot
            kick.helper().send(new CountDown(kick.latch()));            // into this worker's queue
        }
    }

    @Process
    static class Blocker {
        @Receive
        void on(Block block) throws InterruptedException {
            block.result().complete(block.latch().await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aProcessQueuedBehindAHandlerThatBlocksIsRunByAnotherWorker() throws Exception {
        Scheduler twoThreads = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        ProcessRef<Kicker> kicker = twoThreads.spawn(Kicker::new);
        ProcessRef<Blocker> blocker = twoThreads.spawn(Blocker::new);
        ProcessRef<Helper> helper = twoThreads.spawn(Helper::new);
        CompletableFuture<Boolean> result = new CompletableFuture<>();

        // The blocker runs right after the kicker, on its worker, and waits for the helper, which the
        // kicker queued on that same worker without waking the other one.
        kicker.send(new Kick(blocker, helper, new CountDownLatch(1), result));

        assertThat(result.get(15, TimeUnit.SECONDS)).as("the helper ran while the blocker waited").isTrue();
        twoThreads.close(Duration.ofMillis(200));
    }

    @Test
    void aHandlerStuckOnAOneThreadPoolDoesNotPileUpWakeUpsForAWorkerThatIsNotThere() throws Exception {
        ProcessRef<Kicker> kicker = scheduler.spawn(Kicker::new);
        ProcessRef<Blocker> blocker = scheduler.spawn(Blocker::new);
        ProcessRef<Helper> helper = scheduler.spawn(Helper::new);
        CountDownLatch latch = new CountDownLatch(1);
        CompletableFuture<Boolean> result = new CompletableFuture<>();

        // The only worker waits in the blocker with the helper queued behind it: no idle worker to wake.
        kicker.send(new Kick(blocker, helper, latch, result));
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.info(blocker).map(ProcessInfo::status)
                .orElseThrow() == ProcessStatus.RUNNING);

        // The watchdog looks every 20 ms or less: over 400 ms, nothing may gather in the pool's queues
        // beyond the helper's activation.
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> scheduler.stats().poolQueued() <= 1);
        latch.countDown();
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aHandlerThatWakesAProcessAndThenCallsItGetsTheReply() {
        ProcessRef<Caller> caller = scheduler.spawn(Caller::new);
        ProcessRef<Helper> helper = scheduler.spawn(Helper::new);

        String answer = caller.call(helper, Duration.ofSeconds(10));

        assertThat(answer).isEqualTo("answer");
    }
}
