package dev.actorkit;

import static dev.actorkit.SupervisorFixtures.WAIT;
import static dev.actorkit.SupervisorFixtures.awaitRestart;
import static dev.actorkit.SupervisorFixtures.eventually;
import static dev.actorkit.SupervisorFixtures.monitor;
import static dev.actorkit.SupervisorFixtures.next;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.SupervisorFixtures.Crash;
import dev.actorkit.SupervisorFixtures.Note;
import dev.actorkit.SupervisorFixtures.WhoAmI;
import dev.actorkit.SupervisorFixtures.Worker;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stable ref of a supervised child (DESIGN §2): it addresses the child slot, its mailbox survives
 * restarts, only the crashing message is dropped (as a dead letter), {@code pid()} follows the
 * incarnation, links and monitors attach to one incarnation, and a child's name follows restarts.
 */
@Timeout(30)
class SupervisorStableRefTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();
    private final BlockingQueue<String> journal = new LinkedBlockingQueue<>();
    private final BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();

    private ChildSpec worker(String id) {
        return ChildSpec.worker(id, () -> new Worker(id, journal));
    }

    @Test
    void theStableRefReachesEachNewIncarnation() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.call(new WhoAmI());

        a.send(new Crash("boom"));
        awaitRestart(a, first);

        Pid second = a.call(new WhoAmI());
        assertThat(second).isNotEqualTo(first).isEqualTo(a.pid());
    }

    @Test
    void askingAStableRefForItsTerminationAgainAndAgainReturnsOneSharedReadOnlyFutureThatOutlivesRestarts() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();

        java.util.concurrent.CompletableFuture<ExitReason> first = a.termination();
        for (int i = 0; i < 100_000; i++) {
            assertThat(a.termination()).isSameAs(first); // a copy per call would pile up on the slot until it stops
        }
        Pid before = a.pid();
        a.send(new Crash("boom"));
        awaitRestart(a, before);

        assertThat(a.termination()).isSameAs(first).isNotDone();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.complete(ExitReason.NORMAL))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("completed by the runtime");
    }

    @Test
    void pidChangesWithEachIncarnationAndFollowsTheCurrentOne() {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        List<Pid> pids = new ArrayList<>(List.of(a.pid()));

        for (int i = 0; i < 3; i++) {
            a.send(new Crash("boom " + i));
            pids.add(awaitRestart(a, pids.getLast()));
        }

        assertThat(pids).doesNotHaveDuplicates().hasSize(4);
        assertThat(scheduler.processes()).extracting(ProcessRef::pid).contains(pids.getLast())
                .doesNotContain(pids.get(0), pids.get(1), pids.get(2));
    }

    @Test
    void messagesQueuedBehindTheCrashingMessageAreHandledByTheNextIncarnationInOrder() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        next(journal, 1);

        a.send(new Crash("boom"));
        for (int i = 1; i <= 50; i++) {
            a.send(new Note("m" + i));
        }

        List<String> entries = next(journal, 52);
        assertThat(entries.get(0)).startsWith("a stop {error, java.lang.IllegalStateException: boom");
        assertThat(entries.get(1)).isEqualTo("a start");
        assertThat(entries.subList(2, 52)).isEqualTo(IntStream.rangeClosed(1, 50).mapToObj(i -> "a got m" + i).toList());
    }

    @Test
    void onlyTheMessageWhoseHandlerCrashedIsDroppedAndReportedAsACrashedDeadLetter() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.pid();

        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            a.send(new Note("before"));
            a.send(new Crash("boom"));
            a.send(new Note("after"));
            eventually().until(() -> journal.contains("a got after"));
        }

        assertThat(journal).contains("a got before", "a got after");
        assertThat(deadLetters).hasSize(1);
        DeadLetter letter = deadLetters.peek();
        assertThat(letter.message()).isEqualTo(new Crash("boom"));
        assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.CRASHED);
        assertThat(letter.crash()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(letter.recipient()).isSameAs(a);
        assertThat(a.pid()).isNotEqualTo(first);
    }

    @Test
    void messagesSentWhileTheChildRestartsAreHandledByTheNextIncarnationInOrder() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        CountDownLatch restartMayProceed = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("a", () -> {
            if (instances.incrementAndGet() == 2) {
                try {
                    restartMayProceed.await(WAIT.toMillis(), MILLISECONDS); // holds the supervisor mid-restart
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Worker("a", journal);
        })));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        next(journal, 1);
        a.send(new Crash("boom"));
        eventually().until(() -> instances.get() == 2);
        assertThat(a.isAlive()).isFalse();

        for (int i = 1; i <= 20; i++) {
            a.send(new Note("m" + i));
        }
        restartMayProceed.countDown();

        List<String> entries = next(journal, 22);
        assertThat(entries.get(0)).startsWith("a stop {error,");
        assertThat(entries.get(1)).isEqualTo("a start");
        assertThat(entries.subList(2, 22)).isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> "a got m" + i).toList());
    }

    @Test
    void aBlockingStyleChildsNextIncarnationReceivesTheMessagesItsPredecessorLeft() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("b", ctx -> {
            while (true) {
                Object message = ctx.receive();
                if ("crash".equals(message)) {
                    throw new IllegalStateException("asked to crash");
                }
                journal.add(ctx.self().pid() + " " + message);
            }
        })));
        ProcessRef<Object> b = supervisor.child("b").orElseThrow();
        Pid first = b.pid();

        b.send("one");
        b.send("crash");
        b.send("two");
        b.send("three");

        List<String> entries = next(journal, 3);
        Pid second = b.pid();
        assertThat(second).isNotEqualTo(first);
        assertThat(entries).containsExactly(first + " one", second + " two", second + " three");
    }

    @Test
    void aMonitorThroughTheStableRefFiresWhenThatIncarnationCrashes() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.pid();
        Inbox downs = Inbox.started(scheduler);
        ProcessRef<Object> watcher = Puppet.spawnTrapping(scheduler, downs);
        MonitorRef monitor = monitor(watcher, a);

        a.send(new Crash("boom"));

        Down down = downs.next(Down.class);
        assertThat(down.ref()).isEqualTo(monitor);
        assertThat(down.process().pid()).isEqualTo(first);
        assertThat(down.reason()).isInstanceOf(ExitReason.Error.class);
        Pid second = awaitRestart(a, first);

        a.send(new Crash("again"));
        awaitRestart(a, second);
        downs.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void aLinkThroughTheStableRefIsToTheIncarnationNotToItsSuccessors() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.pid();
        Inbox exits = Inbox.started(scheduler);
        ProcessRef<Object> linked = Puppet.spawnTrapping(scheduler, exits);
        Puppet.perform(linked, ctx -> {
            ctx.link(a);
            return null;
        });

        a.send(new Crash("boom"));

        Exit exit = exits.next(Exit.class);
        assertThat(exit.from().pid()).isEqualTo(first);
        assertThat(exit.reason()).isInstanceOf(ExitReason.Error.class);
        awaitRestart(a, first);
        assertThat(scheduler.info(linked).orElseThrow().links()).isEmpty();
    }

    @Test
    void theStableRefTerminatesOnlyWhenTheChildIsStoppedForGood() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.pid();

        a.send(new Crash("boom"));
        awaitRestart(a, first);
        assertThat(a.termination()).isNotDone();

        supervisor.terminateChild("a");
        assertThat(a.termination().get(WAIT.toMillis(), MILLISECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void afterTerminateChildMessagesToTheStableRefBecomeDeadLetters() throws Exception {
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(worker("a")));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        supervisor.terminateChild("a");

        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            a.send(new Note("lost"));
            DeadLetter letter = deadLetters.poll(WAIT.toMillis(), MILLISECONDS);
            assertThat(letter).isNotNull();
            assertThat(letter.message()).isEqualTo(new Note("lost"));
        }
        assertThat(journal).doesNotContain("a got lost");
    }

    @Test
    void aMessageSentAfterTerminateChildReturnedIsANoProcessDeadLetterAtOnceEvenWhileTheOldCodeUnwinds() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch unwind = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("b", ctx -> {
            // Killed while in code that is not a runtime call: it keeps running until it returns.
            stuck.countDown();
            while (true) {
                try {
                    unwind.await();
                    return;
                } catch (InterruptedException e) {
                    // still unwinding
                }
            }
        })));
        ProcessRef<Object> b = supervisor.child("b").orElseThrow();
        assertThat(stuck.await(WAIT.toMillis(), MILLISECONDS)).isTrue();
        supervisor.terminateChild("b");
        assertThat(b.isAlive()).isFalse();

        DeadLetter letter;
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            b.send("sent to a stopped child");
            letter = deadLetters.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            unwind.countDown();
            if (letter == null) {
                letter = deadLetters.poll(WAIT.toMillis(), MILLISECONDS);
            }
        }

        assertThat(letter).isNotNull();
        assertThat(letter.message()).isEqualTo("sent to a stopped child");
        assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.NO_PROCESS);
    }

    @Test
    void messagesLeftInTheMailboxWhenTheChildIsTerminatedBecomeDeadLetters() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(ChildSpec.worker("b", ctx -> {
            ctx.receive();
            busy.countDown();
            schedulerExtension.testEnd().await();
        })));
        ProcessRef<Object> b = supervisor.child("b").orElseThrow();
        long before = scheduler.deadLetterCount();

        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            b.send("take me");
            assertThat(busy.await(WAIT.toMillis(), MILLISECONDS)).isTrue();
            b.send("left 1");
            b.send("left 2");
            supervisor.terminateChild("b");
            eventually().until(() -> deadLetters.size() >= 2);
        }

        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly("left 1", "left 2");
        assertThat(deadLetters).extracting(DeadLetter::cause).containsOnly(DeadLetter.Cause.SHUTDOWN);
        assertThat(scheduler.deadLetterCount() - before).isEqualTo(2);
    }

    @Test
    void aNamedChildIsRegisteredUnderItsNameInEachIncarnation() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a").withName(ProcessName.local("kv"))));
        ProcessRef<Object> a = supervisor.child("a").orElseThrow();
        Pid first = a.pid();
        assertThat(scheduler.whereis("kv").orElseThrow().pid()).isEqualTo(first);

        a.send(new Crash("boom"));
        Pid second = awaitRestart(a, first);

        eventually().until(() -> scheduler.whereis("kv").map(r -> r.pid().equals(second)).orElse(false));
        scheduler.send("kv", new Note("by name"));
        eventually().until(() -> journal.contains("a got by name"));
    }

    @Test
    void aTerminatedNamedChildReleasesItsName() {
        Supervisor supervisor = Supervisor.start(scheduler,
                SupervisorSpec.oneForOne(worker("a").withName(ProcessName.local("kv"))));

        supervisor.terminateChild("a");

        assertThat(scheduler.whereis("kv")).isEmpty();
        assertThat(scheduler.registered()).doesNotContain("kv");
    }
}
