package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile workloads cannot make the runtime take threads, memory or CPU without bound. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedResourcesTest {

    private Scheduler scheduler;
    private final CountDownLatch testEnd = new CountDownLatch(1);

    @AfterEach
    void close() {
        testEnd.countDown();
        if (scheduler != null) {
            scheduler.close(Duration.ofSeconds(2));
        }
    }

    record Ask(int n) {
    }

    record Storm(ProcessRef<?> slow, Set<Thread> threads, CompletableFuture<Object> done) {
    }

    /** Slow to answer, on a virtual thread of its own, so that it needs no pool worker to reply. */
    @Process(blocking = true)
    static class Slow {
        @Receive
        int on(Ask ask) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // simulated work, not a wait for anything
            return ask.n();
        }
    }

    @Process
    static class Caller {
        @Receive
        void on(Storm storm) {
            storm.threads().add(Thread.currentThread());
            storm.done().complete(storm.slow().call(new Ask(1), Duration.ofSeconds(60)));
        }
    }

    @Test
    void aStormOfHandlersCallingOneSlowProcessUsesNoMoreThreadsThanTheCapAllows() throws Exception {
        int parallelism = 2;
        int cap = 4;
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(parallelism).withMaxBlockingThreads(cap));
        ProcessRef<Slow> slow = scheduler.spawn(Slow::new);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Object>> answers = new ArrayList<>();

        for (int i = 0; i < 500; i++) {
            CompletableFuture<Object> done = new CompletableFuture<>();
            answers.add(done);
            scheduler.spawn(Caller::new).send(new Storm(slow, threads, done));
        }

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(threads).as("pool threads that ran a blocked caller").hasSizeLessThanOrEqualTo(parallelism + cap);
    }

    @Test
    void maxBlockingThreadsOutOfRangeIsRejectedWithTheRange() {
        assertThatThrownBy(() -> SchedulerConfig.defaults().withMaxBlockingThreads(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBlockingThreads must be between 0 and 10000");
    }

    record Hold(CountDownLatch release) {
    }

    record Note(String text) {
    }

    /** Holds its only worker until released, so that its bounded mailbox fills up. */
    @Process
    static class Holder {
        final BlockingQueue<String> seen;

        Holder(BlockingQueue<String> seen) {
            this.seen = seen;
        }

        @Receive
        void on(Hold hold) throws InterruptedException {
            hold.release().await(30, TimeUnit.SECONDS);
        }

        @Receive
        void on(Note note) {
            seen.add(note.text());
        }
    }

    /** The holder has taken its Hold and waits in it: its mailbox has room for exactly its capacity. */
    private boolean isRunningWithEmptyMailbox(ProcessRef<?> process) {
        return scheduler.info(process).map(info -> info.status() == ProcessStatus.RUNNING && info.mailboxSize() == 0)
                .orElse(false);
    }

    private List<DeadLetter> recordDeadLetters() {
        List<DeadLetter> letters = new java.util.concurrent.CopyOnWriteArrayList<>();
        scheduler.onDeadLetter(letters::add);
        return letters;
    }

    @Test
    void aTimerMessageToAFullRejectingMailboxBecomesAnOverflowDeadLetter() throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        List<DeadLetter> letters = recordDeadLetters();
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Holder> holder = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()),
                MailboxConfig.bounded(1, MailboxConfig.Overflow.REJECT));
        holder.send(new Hold(release));
        await().atMost(Duration.ofSeconds(5)).until(() -> isRunningWithEmptyMailbox(holder));
        holder.send(new Note("fills the mailbox"));

        scheduler.sendAfter(holder, new Note("late"), Duration.ofMillis(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> letters.stream()
                .anyMatch(l -> l.cause() == DeadLetter.Cause.OVERFLOW && l.message().equals(new Note("late"))));
        release.countDown();
    }

    @Test
    void theTimerThreadNeverBlocksOnAFullBlockingMailbox() throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        List<DeadLetter> letters = recordDeadLetters();
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Holder> full = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()),
                MailboxConfig.bounded(1, MailboxConfig.Overflow.BLOCK).withBlockTimeout(Duration.ofSeconds(60)));
        full.send(new Hold(release));
        await().atMost(Duration.ofSeconds(5)).until(() -> isRunningWithEmptyMailbox(full));
        full.send(new Note("fills the mailbox"));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ProcessRef<Holder> other = scheduler.spawn(() -> new Holder(seen));

        scheduler.sendAfter(full, new Note("does not fit"), Duration.ofMillis(1));
        scheduler.sendAfter(other, new Note("next timer"), Duration.ofMillis(20));

        assertThat(seen.poll(10, TimeUnit.SECONDS)).as("the later timer still fired").isEqualTo("next timer");
        await().atMost(Duration.ofSeconds(5)).until(() -> letters.stream()
                .anyMatch(l -> l.cause() == DeadLetter.Cause.OVERFLOW && l.message().equals(new Note("does not fit"))));
        release.countDown();
    }

    @Test
    void aDropOldestMailboxNeverHoldsMoreThanItsCapacityAndDropsAtSend() throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        List<DeadLetter> letters = recordDeadLetters();
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        ProcessRef<Holder> holder = scheduler.spawn(() -> new Holder(seen), MailboxConfig.bounded(3, MailboxConfig.Overflow.DROP_OLDEST));
        holder.send(new Hold(release));
        await().atMost(Duration.ofSeconds(5)).until(() -> isRunningWithEmptyMailbox(holder));

        for (int i = 1; i <= 10; i++) {
            holder.send(new Note("note " + i));
            assertThat(scheduler.info(holder).orElseThrow().mailboxSize()).isLessThanOrEqualTo(3);
        }

        assertThat(letters).as("dropped when the newer ones were sent, before the holder took anything")
                .extracting(DeadLetter::message)
                .containsExactly(new Note("note 1"), new Note("note 2"), new Note("note 3"), new Note("note 4"),
                        new Note("note 5"), new Note("note 6"), new Note("note 7"));
        assertThat(letters).extracting(DeadLetter::cause).containsOnly(DeadLetter.Cause.OVERFLOW);
        release.countDown();
        assertThat(List.of(seen.poll(5, TimeUnit.SECONDS), seen.poll(5, TimeUnit.SECONDS), seen.poll(5, TimeUnit.SECONDS)))
                .containsExactly("note 8", "note 9", "note 10");
    }

    @Test
    void timersToAProcessAreCancelledWhenItExits() throws Exception {
        scheduler = Scheduler.create();
        ProcessRef<Holder> holder = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()));
        List<TimerRef> timers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            timers.add(scheduler.sendAfter(holder, new Note("in an hour"), Duration.ofHours(1)));
        }

        scheduler.exit(holder, ExitReason.KILL);
        holder.termination().get(5, TimeUnit.SECONDS);

        assertThat(timers).noneMatch(TimerRef::isPending);
        assertThat(scheduler.cancelTimer(timers.get(0))).as("nothing left to cancel").isFalse();
    }

    @Test
    void aTimerToADeadProcessIsADeadLetterAtOnceAndNotPending() throws Exception {
        scheduler = Scheduler.create();
        List<DeadLetter> letters = recordDeadLetters();
        ProcessRef<Holder> holder = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()));
        scheduler.exit(holder, ExitReason.KILL);
        holder.termination().get(5, TimeUnit.SECONDS);

        TimerRef timer = scheduler.sendAfter(holder, new Note("too late"), Duration.ofHours(1));

        assertThat(timer.isPending()).isFalse();
        assertThat(letters).anyMatch(l -> l.cause() == DeadLetter.Cause.NO_PROCESS && l.message().equals(new Note("too late")));
    }

    @Test
    void askingALiveProcessForItsTerminationAgainAndAgainReturnsOneSharedReadOnlyFuture() {
        scheduler = Scheduler.create();
        ProcessRef<Holder> holder = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()));

        CompletableFuture<ExitReason> first = holder.termination();
        for (int i = 0; i < 100_000; i++) {
            assertThat(holder.termination()).isSameAs(first);
        }

        assertThatThrownBy(() -> first.complete(ExitReason.NORMAL)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("completed by the runtime");
        assertThat(holder.isAlive()).isTrue();
        assertThat(first.thenApply(reason -> reason).complete(ExitReason.NORMAL))
                .as("a future chained on it is the reader's own").isTrue();
    }

    record Flood(ProcessRef<?> target, CompletableFuture<Void> blocked) {
    }

    @Process
    static class Sender {
        @Receive
        void on(Flood flood) {
            flood.target().send(new Note("fits"));
            flood.blocked().complete(null);
            flood.target().send(new Note("waits for room"));
        }
    }

    @Test
    void killingAProcessBlockedSendingToAFullMailboxReturnsWithoutWaitingForRoom() throws Exception {
        scheduler = Scheduler.create(SchedulerConfig.defaults().withParallelism(2));
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Holder> full = scheduler.spawn(() -> new Holder(new LinkedBlockingQueue<>()),
                MailboxConfig.bounded(1, MailboxConfig.Overflow.BLOCK).withBlockTimeout(Duration.ofSeconds(60)));
        full.send(new Hold(release));
        await().atMost(Duration.ofSeconds(5)).until(() -> isRunningWithEmptyMailbox(full));
        ProcessRef<Sender> sender = scheduler.spawn(Sender::new);
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        sender.send(new Flood(full, blocked));
        blocked.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.info(sender)
                .map(info -> info.status() == ProcessStatus.RUNNING).orElse(false));

        CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> scheduler.exit(sender, ExitReason.KILL));

        killed.get(10, TimeUnit.SECONDS); // far less than the 60 s the sender could wait for room
        assertThat(sender.termination().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
        release.countDown();
    }
}
