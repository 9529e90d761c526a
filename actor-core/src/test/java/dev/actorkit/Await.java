package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Waits a test makes for something to happen elsewhere, each bounded by {@link #WAIT} so a bug fails the test instead of hanging it. */
final class Await {

    /** How long a test waits for something that should happen at once. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private Await() {
    }

    /** The reason {@code process} exits with, waiting for its exit. */
    static ExitReason exitReasonOf(ProcessRef<?> process) throws Exception {
        return process.termination().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The head of {@code queue}, waiting for one to arrive. */
    static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(value).as("value within " + WAIT).isNotNull();
        return value;
    }
}
