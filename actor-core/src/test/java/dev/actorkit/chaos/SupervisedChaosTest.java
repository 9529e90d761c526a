package dev.actorkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.MailboxConfig.Overflow;
import dev.actorkit.MailboxFullException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.supervisor.ChildInfo;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.ChildState;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Many senders against a supervised tree whose handlers crash at random: afterwards every message
 * sent was handled, rejected at its sender, or recorded as a dead letter — exactly, none lost — and
 * the tree is healthy (or, had it exceeded its intensity, shut down as OTP would).
 *
 * <p>Seeded and bounded: a few seconds by default; {@code -Dactorkit.chaos.seconds=60} runs longer and
 * {@code -Dactorkit.chaos.seed=N} replays a run. The seed is printed.
 */
class SupervisedChaosTest {

    private static final long SEED = Long.getLong("actorkit.chaos.seed", System.nanoTime());
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("actorkit.chaos.seconds", 3));
    private static final int SENDERS = 4;
    private static final int WORKERS = 8;
    /** One message in this many crashes its handler. */
    private static final int CRASH_ONE_IN = 50;

    /** A message; whether its handler crashes is decided by its number, so a seed replays a run. */
    record Work(long number, boolean crash) {
    }

    static final LongAdder handled = new LongAdder();

    @Process
    static class Worker {
        @Receive
        void on(Work work) {
            if (work.crash()) {
                throw new IllegalStateException("chaos: crash on message " + work.number());
            }
            handled.increment();
        }
    }

    @Test
    void everyMessageIsHandledRejectedOrADeadLetterWhileHandlersCrashAtRandom() throws Exception {
        System.out.printf("[chaos] seed %d, %s, %d senders, %d workers%n", SEED, RUN, SENDERS, WORKERS);
        handled.reset();
        Map<DeadLetter.Cause, LongAdder> deadLetters = new EnumMap<>(DeadLetter.Cause.class);
        for (DeadLetter.Cause cause : DeadLetter.Cause.values()) {
            deadLetters.put(cause, new LongAdder());
        }
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.onDeadLetter(letter -> deadLetters.get(letter.cause()).increment());
            List<ChildSpec> children = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                MailboxConfig mailbox = i % 2 == 0
                        ? MailboxConfig.bounded(256, Overflow.REJECT)
                        : MailboxConfig.bounded(256, Overflow.DROP_OLDEST);
                children.add(ChildSpec.worker("worker-" + i, Worker::new).withMailbox(mailbox));
            }
            // Generous intensity: crashes are frequent by design; the tree must absorb them.
            Supervisor supervisor = Supervisor.start(scheduler,
                    SupervisorSpec.oneForOne(children.toArray(ChildSpec[]::new)).withIntensity(100_000, Duration.ofSeconds(1)));
            List<ProcessRef<Worker>> refs = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                refs.add(supervisor.<Worker>child("worker-" + i).orElseThrow());
            }

            AtomicLong sent = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            long deadline = System.nanoTime() + RUN.toNanos();
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                SplittableRandom random = new SplittableRandom(SEED + s);
                senders.add(CompletableFuture.runAsync(() -> {
                    long number = 0;
                    while (System.nanoTime() - deadline < 0) {
                        ProcessRef<Worker> target = refs.get(random.nextInt(WORKERS));
                        Work work = new Work(number++, random.nextInt(CRASH_ONE_IN) == 0);
                        sent.incrementAndGet();
                        try {
                            target.send(work);
                        } catch (MailboxFullException full) {
                            rejected.incrementAndGet();
                        }
                    }
                }, runnable -> Thread.ofPlatform().daemon().start(runnable)));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(RUN.toSeconds() + 60, TimeUnit.SECONDS);

            // No deadlock: everything sent is accounted for within a deadline.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    handled.sum() + rejected.get() + total(deadLetters) == sent.get());

            long crashed = deadLetters.get(DeadLetter.Cause.CRASHED).sum();
            System.out.printf("[chaos] sent %,d: handled %,d, rejected %,d, dead letters %s%n",
                    sent.get(), handled.sum(), rejected.get(), deadLetters);
            assertThat(handled.sum() + rejected.get() + total(deadLetters)).isEqualTo(sent.get());
            assertThat(crashed).as("the handlers did crash").isPositive();
            assertThat(deadLetters.get(DeadLetter.Cause.UNHANDLED).sum()).isZero();
            assertThat(deadLetters.get(DeadLetter.Cause.NO_PROCESS).sum()).as("stable refs never miss").isZero();

            // The tree ends healthy: the supervisor and every child run, each restarted as often as it crashed.
            assertThat(supervisor.ref().isAlive()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.whichChildren().stream()
                    .allMatch(child -> child.state() == ChildState.RUNNING));
            assertThat(supervisor.whichChildren()).extracting(ChildInfo::state).containsOnly(ChildState.RUNNING);

            supervisor.stop();
            assertThat(supervisor.ref().termination().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void aTreeThatExceedsItsIntensityShutsDownAndStillAccountsForEveryMessage() throws Exception {
        handled.reset();
        LongAdder deadLetters = new LongAdder();
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.onDeadLetter(letter -> deadLetters.increment());
            Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                    ChildSpec.worker("worker", Worker::new)).withIntensity(3, Duration.ofSeconds(10)));
            ProcessRef<Worker> worker = supervisor.<Worker>child("worker").orElseThrow();

            long sent = 0;
            SplittableRandom random = new SplittableRandom(SEED);
            for (long number = 0; number < 20_000; number++) {
                worker.send(new Work(number, random.nextInt(CRASH_ONE_IN) == 0));
                sent++;
            }
            long total = sent;

            // More than 3 crashes in the window: the supervisor gives up, as OTP's would.
            assertThat(supervisor.ref().termination().get(10, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.sum() + deadLetters.sum() == total);
            assertThat(handled.sum() + deadLetters.sum()).isEqualTo(total);
            assertThat(worker.isAlive()).isFalse();
        }
    }

    private static long total(Map<DeadLetter.Cause, LongAdder> deadLetters) {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
