package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test's own mailbox: a process that forwards everything it receives to a queue the test thread
 * reads with a deadline. Lets a test link to, monitor or be messaged by the processes under test.
 */
final class Inbox {

    static final Duration WAIT = Await.WAIT;

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final ProcessRef<Object> ref;

    private Inbox(Scheduler scheduler, boolean trapExits) {
        this.ref = scheduler.spawn(ctx -> {
            ctx.trapExits(trapExits);
            while (true) {
                received.add(ctx.receive());
            }
        });
    }

    /** An inbox that traps exits, so links to it deliver {@link Exit} messages instead of killing it. */
    static Inbox create(Scheduler scheduler) {
        return new Inbox(scheduler, true);
    }

    /**
     * Like {@link #create}, but returns only once the inbox's process runs and traps exits, so that a
     * link to it, or an exit signal sent to it, right away cannot kill it.
     */
    static Inbox started(Scheduler scheduler) {
        Inbox inbox = create(scheduler);
        inbox.ref().send("inbox ready");
        assertThat(inbox.next()).isEqualTo("inbox ready");
        return inbox;
    }

    ProcessRef<Object> ref() {
        return ref;
    }

    /** The next message, waiting up to five seconds. */
    Object next() {
        try {
            Object message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message arrived within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be of {@code type}. */
    <M> M next(Class<M> type) {
        Object message = next();
        assertThat(message).isInstanceOf(type);
        return type.cast(message);
    }

    /** Asserts that nothing arrives for {@code quiet}. */
    void expectNothing(Duration quiet) {
        try {
            Object message = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("message received while none was expected").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
