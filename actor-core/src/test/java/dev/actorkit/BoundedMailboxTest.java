package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static dev.actorkit.Await.exitReasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.MailboxConfig.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bounded mailboxes: each overflow strategy, and that every refused or dropped message is accounted. */
class BoundedMailboxTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final CountDownLatch testEnd = schedulerExtension.testEnd();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    BoundedMailboxTest() {
        scheduler.onDeadLetter(deadLetters::add);
    }

    /** A process that waits for {@code go} before it reads anything, then reports each message. */
    private ProcessRef<Object> gated(MailboxConfig mailbox, CountDownLatch go, List<Object> handled) {
        return scheduler.spawn(ctx -> {
            go.await();
            while (true) {
                handled.add(ctx.receive());
            }
        }, mailbox);
    }

    @Test
    void aFullRejectingMailboxThrowsMailboxFullExceptionAtTheSenderAndKeepsWhatItHad() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> process = gated(MailboxConfig.bounded(2, Overflow.REJECT), go, handled);
        process.send(1);
        process.send(2);

        assertThatThrownBy(() -> process.send(3))
                .isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("capacity 2")
                .hasMessageContaining("REJECT");

        go.countDown();
        await().atMost(WAIT).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(1, 2);
        assertThat(deadLetters).isEmpty(); // rejected at the sender, not a dead letter
    }

    @Test
    void aFullDropNewestMailboxDropsTheNewMessageAsAnOverflowDeadLetter() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> process = gated(MailboxConfig.bounded(2, Overflow.DROP_NEWEST), go, handled);

        for (int i = 1; i <= 5; i++) {
            process.send(i);
        }
        go.countDown();

        await().atMost(WAIT).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(1, 2);
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly(3, 4, 5);
        assertThat(deadLetters).extracting(DeadLetter::cause).containsOnly(DeadLetter.Cause.OVERFLOW);
    }

    @Test
    void aFullDropOldestMailboxDropsTheOldestMessagesAndHandlesTheNewest() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> process = gated(MailboxConfig.bounded(2, Overflow.DROP_OLDEST), go, handled);

        for (int i = 1; i <= 5; i++) {
            process.send(i);
        }
        go.countDown();

        await().atMost(WAIT).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(4, 5);
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly(1, 2, 3);
        assertThat(deadLetters).extracting(DeadLetter::cause).containsOnly(DeadLetter.Cause.OVERFLOW);
    }

    @Test
    void aBlockingSenderWaitsForRoomAndItsMessageIsHandledOnceTheReceiverCatchesUp() throws Exception {
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> process = gated(MailboxConfig.bounded(1, Overflow.BLOCK).withBlockTimeout(WAIT), go, handled);
        process.send("first");

        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> process.send("second"));
        assertThat(blocked).isNotDone(); // cannot have room: the receiver has not started reading
        go.countDown();

        blocked.get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("first", "second");
    }

    @Test
    void aBlockingSenderGivesUpWithMailboxFullExceptionAfterTheBlockTimeout() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        ProcessRef<Object> process = gated(MailboxConfig.bounded(1, Overflow.BLOCK)
                .withBlockTimeout(Duration.ofMillis(50)), testEnd, handled);
        process.send("first");

        assertThatThrownBy(() -> process.send("second"))
                .isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("after waiting");
    }

    @Test
    void exitAndDownSignalsAreNeverRefusedAndTakeUpNoCapacity() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        ProcessRef<Object> watcher = scheduler.spawn(ctx -> {
            ctx.trapExits(true);
            ProcessRef<Object> linked = ctx.spawnLink(c -> c.exit(ExitReason.of("bye")));
            ProcessRef<Object> watched = ctx.scheduler().spawn(c -> { });
            ctx.monitor(watched);
            go.await();
            while (true) {
                handled.add(ctx.receive());
            }
        }, MailboxConfig.bounded(1, Overflow.REJECT));
        await().atMost(WAIT).until(() -> scheduler.info(watcher).map(ProcessInfo::mailboxSize).orElse(0) >= 2);

        watcher.send("fits");               // signals do not take up the capacity
        assertThatThrownBy(() -> watcher.send("no room")).isInstanceOf(MailboxFullException.class);
        go.countDown();
        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(handled).hasAtLeastOneElementOfType(Exit.class).hasAtLeastOneElementOfType(Down.class).contains("fits");
    }

    @Test
    void anAnnotatedProcessWithABoundedMailboxRejectsWhenFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Slow> slow = scheduler.spawn(() -> new Slow(release), MailboxConfig.bounded(1, Overflow.REJECT));
        slow.send("busy");           // taken by the handler, which then blocks
        await().atMost(WAIT).until(() -> scheduler.info(slow).map(ProcessInfo::messagesHandled).orElse(0L) == 1L);
        slow.send("queued");         // fills the one place

        assertThatThrownBy(() -> slow.send("refused")).isInstanceOf(MailboxFullException.class);
        release.countDown();
        assertThat(slow.isAlive()).isTrue();
    }

    @Test
    void everyMessageIsHandledRejectedOrADeadLetterUnderManySenders() throws Exception {
        LongAdder handled = new LongAdder();
        LongAdder dropped = new LongAdder();
        scheduler.onDeadLetter(letter -> dropped.increment());
        ProcessRef<Object> process = scheduler.spawn(ctx -> {
            while (true) {
                ctx.receive();
                handled.increment();
            }
        }, MailboxConfig.bounded(8, Overflow.DROP_OLDEST));
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5_000; i++) {
                    process.send(i);
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.sum() + dropped.sum() == 20_000);
        assertThat(handled.sum() + dropped.sum()).isEqualTo(20_000);
        assertThat(process.isAlive()).isTrue();
        scheduler.exit(process, ExitReason.KILL);
        assertThat(exitReasonOf(process)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aDropOldestMailboxNeverDropsAnExitOrDownSignal() {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        ProcessRef<Object> watcher = scheduler.spawn(ctx -> {
            ctx.monitor(ctx.scheduler().spawn(c -> { }));   // its Down arrives first, then the sends below
            go.await();
            while (true) {
                handled.add(ctx.receive());
            }
        }, MailboxConfig.bounded(2, Overflow.DROP_OLDEST));
        await().atMost(WAIT).until(() -> scheduler.info(watcher).map(ProcessInfo::mailboxSize).orElse(0) >= 0
                && scheduler.info(watcher).map(ProcessInfo::monitors).map(List::isEmpty).orElse(false));
        for (int i = 1; i <= 5; i++) {
            watcher.send(i);
        }
        go.countDown();

        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(handled.get(0)).isInstanceOf(Down.class);
        assertThat(handled.subList(1, 3)).containsExactly(4, 5);
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly(1, 2, 3);
    }

    @Test
    void aCallDroppedByAFullMailboxFailsAtOnceWithMailboxFullException() {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        ProcessRef<Object> server = gated(MailboxConfig.bounded(1, Overflow.DROP_NEWEST), go, handled);
        server.send("fills the mailbox");

        long start = System.nanoTime();
        assertThatThrownBy(() -> server.call("question", Duration.ofSeconds(30)))
                .isInstanceOf(MailboxFullException.class)
                .hasMessageContaining(String.class.getName());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("did not wait out the timeout").isLessThan(Duration.ofSeconds(30));
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly("question");
        go.countDown();
    }

    @Test
    void aCallRejectedByAFullMailboxLeavesNoMonitorBehind() {
        CountDownLatch go = new CountDownLatch(1);
        List<Object> handled = new CopyOnWriteArrayList<>();
        ProcessRef<Object> server = gated(MailboxConfig.bounded(1, Overflow.REJECT), go, handled);
        server.send("fills the mailbox");

        assertThatThrownBy(() -> server.call("question")).isInstanceOf(MailboxFullException.class);

        assertThat(scheduler.info(server).orElseThrow().monitoredBy()).isEmpty();
        go.countDown();
    }

    @Test
    void aCapacityBelowOneIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> MailboxConfig.bounded(0, Overflow.REJECT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @dev.actorkit.annotation.Process
    static class Slow {
        private final CountDownLatch release;

        Slow(CountDownLatch release) {
            this.release = release;
        }

        @dev.actorkit.annotation.Receive
        void on(String message) throws InterruptedException {
            release.await();
        }
    }
}
