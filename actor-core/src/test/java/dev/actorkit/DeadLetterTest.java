package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nothing is lost silently: what is not handled is recorded as a dead letter, counted and observable. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // subscriptions and schedulers held open by try-with-resources
class DeadLetterTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    private ProcessRef<Object> deadProcess() throws Exception {
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);
        return dead;
    }

    private static DeadLetter next(BlockingQueue<DeadLetter> deadLetters) throws InterruptedException {
        DeadLetter deadLetter = deadLetters.poll(5, TimeUnit.SECONDS);
        assertThat(deadLetter).as("dead letter within 5 s").isNotNull();
        return deadLetter;
    }

    @Test
    void aMessageToADeadProcessBecomesANoProcessDeadLetter() throws Exception {
        ProcessRef<Object> dead = deadProcess();
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {

            dead.send("hello?");

            assertThat(next(deadLetters)).isEqualTo(new DeadLetter(dead, "hello?", DeadLetter.Cause.NO_PROCESS));
        }
    }

    @Test
    void everyDeadLetterIncrementsTheDeadLetterCount() throws Exception {
        ProcessRef<Object> dead = deadProcess();
        long before = scheduler.deadLetterCount();

        dead.send("one");
        dead.send("two");

        await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.deadLetterCount() == before + 2);
    }

    @Test
    void messagesLeftInTheMailboxOfAnExitingProcessBecomeShutdownDeadLetters() throws Exception {
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        ProcessRef<Object> worker = scheduler.spawn(ctx -> ctx.receive("stop"::equals, Duration.ofSeconds(30)));
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {

            worker.send("left 1");
            worker.send("left 2");
            worker.send("stop"); // taken by the selective receive, the two others stay queued
            assertThat(worker.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.NORMAL);

            assertThat(List.of(next(deadLetters), next(deadLetters))).containsExactlyInAnyOrder(
                    new DeadLetter(worker, "left 1", DeadLetter.Cause.SHUTDOWN),
                    new DeadLetter(worker, "left 2", DeadLetter.Cause.SHUTDOWN));
        }
    }

    @Test
    void closingTheSubscriptionStopsDelivery() throws Exception {
        ProcessRef<Object> dead = deadProcess();
        BlockingQueue<DeadLetter> closed = new LinkedBlockingQueue<>();
        BlockingQueue<DeadLetter> open = new LinkedBlockingQueue<>();
        AutoCloseable subscription = scheduler.onDeadLetter(closed::add);
        try (AutoCloseable witness = scheduler.onDeadLetter(open::add)) {
            dead.send("before");
            assertThat(next(closed).message()).isEqualTo("before");
            assertThat(next(open).message()).isEqualTo("before");

            subscription.close();
            dead.send("after");

            assertThat(next(open).message()).isEqualTo("after"); // the other listener still gets it
            assertThat(closed).isEmpty();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersNorTheSender() throws Exception {
        ProcessRef<Object> dead = deadProcess();
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        try (AutoCloseable failing = scheduler.onDeadLetter(d -> { throw new IllegalStateException("listener bug"); });
             AutoCloseable working = scheduler.onDeadLetter(deadLetters::add)) {

            dead.send("hello?");

            assertThat(next(deadLetters).message()).isEqualTo("hello?");
        }
    }
}
