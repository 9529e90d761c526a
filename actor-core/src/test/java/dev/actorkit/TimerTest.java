package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** erlang:send_after/3 and erlang:cancel_timer/1. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // subscriptions and schedulers held open by try-with-resources
class TimerTest {

    private final Scheduler scheduler = Scheduler.create();

    @AfterEach
    void close() {
        scheduler.close(Duration.ofMillis(100)); // short: some processes trap exits
    }

    @Test
    void sendAfterDeliversTheMessageOnceTheDelayHasPassed() {
        Inbox inbox = Inbox.create(scheduler);
        Duration delay = Duration.ofMillis(100);
        long start = System.nanoTime();

        TimerRef timer = scheduler.sendAfter(inbox.ref(), "tick", delay);

        assertThat(inbox.next()).isEqualTo("tick");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
        assertThat(timer.isPending()).isFalse();
    }

    @Test
    void aTimerIsPendingUntilItFires() {
        Inbox inbox = Inbox.create(scheduler);

        TimerRef timer = scheduler.sendAfter(inbox.ref(), "tick", Duration.ofSeconds(30));

        assertThat(timer.isPending()).isTrue();
        assertThat(scheduler.cancelTimer(timer)).isTrue();
    }

    @Test
    void cancellingATimerBeforeItFiresReturnsTrueAndNothingArrives() {
        Inbox inbox = Inbox.create(scheduler);
        TimerRef cancelled = scheduler.sendAfter(inbox.ref(), "cancelled", Duration.ofMillis(150));

        assertThat(scheduler.cancelTimer(cancelled)).isTrue();

        assertThat(cancelled.isPending()).isFalse();
        // A later timer is a witness: had the cancelled one fired, its message would come first.
        scheduler.sendAfter(inbox.ref(), "witness", Duration.ofMillis(300));
        assertThat(inbox.next()).isEqualTo("witness");
    }

    @Test
    void cancellingThroughTheTimerRefWorksLikeCancelTimer() {
        Inbox inbox = Inbox.create(scheduler);
        TimerRef cancelled = scheduler.sendAfter(inbox.ref(), "cancelled", Duration.ofMillis(150));

        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.cancel()).as("second cancel").isFalse();

        scheduler.sendAfter(inbox.ref(), "witness", Duration.ofMillis(300));
        assertThat(inbox.next()).isEqualTo("witness");
    }

    @Test
    void cancellingATimerAfterItFiredReturnsFalse() {
        Inbox inbox = Inbox.create(scheduler);
        TimerRef timer = scheduler.sendAfter(inbox.ref(), "tick", Duration.ofMillis(10));
        assertThat(inbox.next()).isEqualTo("tick");

        assertThat(scheduler.cancelTimer(timer)).isFalse();
        assertThat(timer.isPending()).isFalse();
    }

    @Test
    void aProcessCanSendItselfAMessageLater() throws Exception {
        Inbox inbox = Inbox.create(scheduler);
        scheduler.spawn(ctx -> {
            TimerRef timer = ctx.sendAfter("wake up", Duration.ofMillis(50));
            Object message = ctx.receive(Duration.ofSeconds(5)).orElse("nothing");
            inbox.ref().send(message);
            inbox.ref().send(timer.isPending());
        });

        assertThat(inbox.next()).isEqualTo("wake up");
        assertThat(inbox.next()).isEqualTo(false);
    }

    @Test
    void aProcessCanCancelItsOwnTimer() {
        Inbox inbox = Inbox.create(scheduler);
        scheduler.spawn(ctx -> {
            TimerRef timer = ctx.sendAfter("cancelled", Duration.ofMillis(100));
            boolean cancelled = ctx.cancelTimer(timer);
            ctx.sendAfter("witness", Duration.ofMillis(250));
            inbox.ref().send(cancelled);
            inbox.ref().send(ctx.receive(Duration.ofSeconds(5)).orElse("nothing"));
        });

        assertThat(inbox.next()).isEqualTo(true);
        assertThat(inbox.next()).isEqualTo("witness");
    }

    @Test
    void aTimerForAProcessThatExitsBeforeItFiresBecomesANoProcessDeadLetter() throws Exception {
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        ProcessRef<Object> target = scheduler.spawn(ctx -> ctx.receive());
        // Far in the future, so the process surely takes "stop" first (a short delay raced its start on a
        // loaded machine); the timer is cancelled at the exit and its message is a dead letter then.
        scheduler.sendAfter(target, "too late", Duration.ofSeconds(30));
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            target.send("stop");
            target.termination().get(5, TimeUnit.SECONDS);

            DeadLetter deadLetter = deadLetters.poll(5, TimeUnit.SECONDS);

            assertThat(deadLetter).isEqualTo(new DeadLetter(target, "too late", DeadLetter.Cause.NO_PROCESS));
        }
    }

    @Test
    void aTimerForAnAlreadyDeadProcessBecomesANoProcessDeadLetter() throws Exception {
        BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
        ProcessRef<Object> dead = scheduler.spawn(ctx -> { });
        dead.termination().get(5, TimeUnit.SECONDS);
        try (AutoCloseable subscription = scheduler.onDeadLetter(deadLetters::add)) {
            scheduler.sendAfter(dead, "nobody home", Duration.ofMillis(20));

            DeadLetter deadLetter = deadLetters.poll(5, TimeUnit.SECONDS);

            assertThat(deadLetter).isEqualTo(new DeadLetter(dead, "nobody home", DeadLetter.Cause.NO_PROCESS));
        }
    }

    @Test
    void aTimerOnASupervisedChildsStableRefIsHandledByTheIncarnationRunningWhenItFires() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        dev.actorkit.supervisor.Supervisor supervisor = dev.actorkit.supervisor.Supervisor.start(scheduler,
                dev.actorkit.supervisor.SupervisorSpec.oneForOne(dev.actorkit.supervisor.ChildSpec.worker("child", ctx -> {
                    while (true) {
                        Object message = ctx.receive();
                        if ("crash".equals(message)) {
                            throw new IllegalStateException("crash on purpose");
                        }
                        seen.add(ctx.self().pid() + " " + message);
                    }
                })));
        ProcessRef<Object> child = supervisor.child("child").orElseThrow();
        Pid first = child.pid();

        TimerRef timer = scheduler.sendAfter(child, "tick", Duration.ofMillis(300));
        child.send("crash");

        String handled = seen.poll(5, TimeUnit.SECONDS);
        assertThat(handled).isNotNull().endsWith(" tick").doesNotStartWith(first.toString());
        assertThat(timer.isPending()).isFalse();
    }
}
