package dev.actorkit.docs;

import static dev.actorkit.DeadLetter.Cause.CRASHED;
import static dev.actorkit.DeadLetter.Cause.NO_PROCESS;
import static dev.actorkit.DeadLetter.Cause.OVERFLOW;
import static dev.actorkit.DeadLetter.Cause.SHUTDOWN;
import static dev.actorkit.DeadLetter.Cause.UNHANDLED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

// tag::imports[]
import dev.actorkit.DeadLetter;
import dev.actorkit.ExitReason;
import dev.actorkit.MailboxConfig;
import dev.actorkit.MailboxConfig.Overflow;
import dev.actorkit.MailboxFullException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.supervisor.ChildSpec;
import dev.actorkit.supervisor.Supervisor;
import dev.actorkit.supervisor.SupervisorSpec;
// end::imports[]
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/delivery.md; the snippets there are the tagged regions below. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // the dead-letter subscription is held open by try-with-resources
class DeliveryGuideTest {

    // tag::setup[]
    private final Scheduler scheduler = Scheduler.create();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    DeliveryGuideTest() {
        scheduler.onDeadLetter(deadLetters::add);
    }
    // end::setup[]

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100));
    }

    // tag::parser[]
    @Process
    static class Parser {
        private final List<Integer> parsed;

        Parser(List<Integer> parsed) {
            this.parsed = parsed;
        }

        @Receive
        void on(String text) {
            parsed.add(Integer.parseInt(text));         // throws on "forty-two"
        }
    }
    // end::parser[]

    @Test
    void eachMessageIsHandledOrADeadLetterWithItsCause() throws Exception {
        // tag::fates[]
        List<Integer> parsed = new CopyOnWriteArrayList<>();
        ProcessRef<Parser> parser = scheduler.spawn(() -> new Parser(parsed));

        parser.send("42");                              // handled
        parser.send(42);                                // no handler for Integer
        parser.send("forty-two");                       // the handler throws: the process exits
        assertThat(parser.termination().get(5, SECONDS)).isInstanceOf(ExitReason.Error.class);
        parser.send("7");                               // the process is dead

        assertThat(parsed).containsExactly(42);
        assertThat(deadLetters).extracting(DeadLetter::message, DeadLetter::cause).containsExactly(
                tuple(42, UNHANDLED),
                tuple("forty-two", CRASHED),
                tuple("7", NO_PROCESS));
        assertThat(deadLetters.get(1).crash()).isInstanceOf(NumberFormatException.class);
        // end::fates[]
    }

    @Test
    void messagesLeftInTheMailboxWhenTheProcessExitsAreShutdownDeadLetters() {
        // tag::left-over[]
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> once = scheduler.spawn(ctx -> {
            go.await();
            ctx.receive();                              // takes one message, then returns
        });
        once.send("first");
        once.send("second");
        once.send("third");
        go.countDown();

        await().atMost(5, SECONDS).untilAsserted(() ->
                assertThat(deadLetters).extracting(DeadLetter::message, DeadLetter::cause).containsExactly(
                        tuple("second", SHUTDOWN),
                        tuple("third", SHUTDOWN)));
        assertThat(once.termination()).isCompletedWithValue(ExitReason.NORMAL);
        // end::left-over[]
    }

    // tag::slow-consumer[]
    /** A process that reads nothing until {@code go} opens, then records what it receives. */
    private ProcessRef<Object> slowConsumer(MailboxConfig mailbox, CountDownLatch go, List<Object> handled) {
        return scheduler.spawn(ctx -> {
            go.await();
            while (true) {
                handled.add(ctx.receive());
            }
        }, mailbox);
    }
    // end::slow-consumer[]

    @Test
    void aFullRejectingMailboxThrowsAtTheSender() {
        // tag::reject[]
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> consumer = slowConsumer(MailboxConfig.bounded(2, Overflow.REJECT), go, handled);
        consumer.send(1);
        consumer.send(2);

        assertThatThrownBy(() -> consumer.send(3))      // not queued, not a dead letter
                .isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("capacity 2");

        go.countDown();
        await().atMost(5, SECONDS).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(1, 2);
        assertThat(deadLetters).isEmpty();
        // end::reject[]
    }

    @Test
    void aFullDropNewestMailboxDropsTheNewMessages() {
        // tag::drop-newest[]
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> consumer = slowConsumer(MailboxConfig.bounded(2, Overflow.DROP_NEWEST), go, handled);
        for (int i = 1; i <= 5; i++) {
            consumer.send(i);                           // never throws
        }
        go.countDown();

        await().atMost(5, SECONDS).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(1, 2);
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly(3, 4, 5);
        assertThat(deadLetters).extracting(DeadLetter::cause).containsOnly(OVERFLOW);
        // end::drop-newest[]
    }

    @Test
    void aFullDropOldestMailboxDropsTheOldestMessages() {
        // tag::drop-oldest[]
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ProcessRef<Object> consumer = slowConsumer(MailboxConfig.bounded(2, Overflow.DROP_OLDEST), go, handled);
        for (int i = 1; i <= 5; i++) {
            consumer.send(i);                           // never throws
        }
        go.countDown();

        await().atMost(5, SECONDS).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly(4, 5);      // the newest survive
        assertThat(deadLetters).extracting(DeadLetter::message).containsExactly(1, 2, 3);
        assertThat(deadLetters).extracting(DeadLetter::cause).containsOnly(OVERFLOW);
        // end::drop-oldest[]
    }

    @Test
    void aBlockingSenderWaitsForRoom() throws Exception {
        // tag::block[]
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        MailboxConfig mailbox = MailboxConfig.bounded(1, Overflow.BLOCK).withBlockTimeout(Duration.ofSeconds(5));
        ProcessRef<Object> consumer = slowConsumer(mailbox, go, handled);
        consumer.send("first");

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> consumer.send("second"));
        assertThat(sending).isNotDone();                // waits: no room until the consumer reads
        go.countDown();

        sending.get(5, SECONDS);                        // the consumer made room
        await().atMost(5, SECONDS).until(() -> handled.size() == 2);
        assertThat(handled).containsExactly("first", "second");
        // end::block[]
    }

    @Test
    void aBlockingSenderGivesUpAfterTheBlockTimeout() {
        // tag::block-timeout[]
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);   // the consumer never reads
        MailboxConfig mailbox = MailboxConfig.bounded(1, Overflow.BLOCK).withBlockTimeout(Duration.ofMillis(50));
        ProcessRef<Object> stuck = slowConsumer(mailbox, never, handled);
        stuck.send("first");

        assertThatThrownBy(() -> stuck.send("second"))  // after 50 ms without room
                .isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("after waiting");
        assertThat(deadLetters).isEmpty();
        // end::block-timeout[]
    }

    // tag::printer[]
    record Print(String text) { }
    record Jam(CountDownLatch taken, CountDownLatch cleared) { }

    @Process(blocking = true)
    static class Printer {
        private final List<String> printed;

        Printer(List<String> printed) {
            this.printed = printed;
        }

        @Receive
        void on(Print print) {
            printed.add(print.text());
        }

        @Receive
        void on(Jam jam) throws InterruptedException {
            jam.taken().countDown();
            jam.cleared().await();                      // stuck until the jam is cleared
            throw new IllegalStateException("paper jam");
        }
    }
    // end::printer[]

    @Test
    void theBoundOfASupervisedChildsMailboxHoldsAcrossRestarts() throws Exception {
        // tag::supervised[]
        List<String> printed = new CopyOnWriteArrayList<>();
        Supervisor supervisor = Supervisor.start(scheduler, SupervisorSpec.oneForOne(
                ChildSpec.worker("printer", () -> new Printer(printed))
                        .withMailbox(MailboxConfig.bounded(2, Overflow.REJECT))));
        ProcessRef<Printer> printer = supervisor.<Printer>child("printer").orElseThrow();

        for (int round = 1; round <= 2; round++) {      // the second round runs on a restarted printer
            Jam jam = new Jam(new CountDownLatch(1), new CountDownLatch(1));
            printer.send(jam);
            jam.taken().await(5, SECONDS);              // the printer is stuck on it
            printer.send(new Print("a" + round));
            printer.send(new Print("b" + round));       // the mailbox is full

            assertThatThrownBy(() -> printer.send(new Print("c"))).isInstanceOf(MailboxFullException.class);

            jam.cleared().countDown();                  // the handler throws: the printer restarts
            int expected = 2 * round;
            await().atMost(5, SECONDS).until(() -> printed.size() == expected);
        }

        assertThat(printed).containsExactly("a1", "b1", "a2", "b2");    // handled by the next incarnation
        assertThat(deadLetters).extracting(DeadLetter::cause).containsExactly(CRASHED, CRASHED);
        // end::supervised[]
    }

    @Test
    void deadLettersCanBeCountedByCause() throws Exception {
        // tag::observe[]
        Map<DeadLetter.Cause, LongAdder> byCause = new ConcurrentHashMap<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(letter ->
                byCause.computeIfAbsent(letter.cause(), cause -> new LongAdder()).increment())) {
            ProcessRef<Object> gone = scheduler.spawn(ctx -> { });
            gone.termination().get(5, SECONDS);

            gone.send("one");                           // the listener runs here, on the sender's thread
            gone.send("two");

            assertThat(byCause.get(NO_PROCESS).sum()).isEqualTo(2);
            assertThat(scheduler.deadLetterCount()).isEqualTo(2);
            assertThat(scheduler.stats().deadLetters()).isEqualTo(2);
        }
        // end::observe[]
    }

    // tag::flaky[]
    @Process
    static class Flaky {
        private final LongAdder handled;

        Flaky(LongAdder handled) {
            this.handled = handled;
        }

        @Receive
        void on(Integer number) {
            if (number % 100 == 99) {                   // now and then, the process crashes
                throw new IllegalStateException("crash on " + number);
            }
            handled.increment();
        }
    }
    // end::flaky[]

    @Test
    void everyMessageSentIsHandledRejectedOrADeadLetter() throws Exception {
        // tag::accounting[]
        LongAdder handled = new LongAdder();
        AtomicLong sent = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        ProcessRef<Flaky> flaky = scheduler.spawn(() -> new Flaky(handled), MailboxConfig.bounded(100, Overflow.REJECT));

        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 1_000; i++) {
                    sent.incrementAndGet();
                    try {
                        flaky.send(i);
                    } catch (MailboxFullException full) {
                        rejected.incrementAndGet();
                    }
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(10, SECONDS);

        // sent = handled + rejected + dead letters, once the last dead letters are recorded
        await().atMost(5, SECONDS).until(() ->
                handled.sum() + rejected.get() + scheduler.deadLetterCount() == sent.get());
        assertThat(sent.get()).isEqualTo(4_000);
        // end::accounting[]
    }
}
