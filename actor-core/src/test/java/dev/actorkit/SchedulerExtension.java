package dev.actorkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link Scheduler} for each test, closed after the test (after its {@code @AfterEach}
 * methods) with a short deadline, so that processes a test leaves running, trapping ones included,
 * do not slow the suite down or leak into the next test. Register it on an instance field; JUnit
 * makes a new test instance, so a new scheduler, for every test:
 *
 * <pre>{@code
 * @RegisterExtension
 * final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
 * private final Scheduler scheduler = schedulerExtension.scheduler();
 * }</pre>
 */
final class SchedulerExtension implements AfterEachCallback {

    private final Scheduler scheduler;
    private final Duration closeTimeout;
    private final CountDownLatch testEnd = new CountDownLatch(1);

    /** A scheduler with {@link SchedulerConfig#defaults()}, closed with {@code closeTimeout}. */
    SchedulerExtension(Duration closeTimeout) {
        this(SchedulerConfig.defaults(), closeTimeout);
    }

    /** A scheduler with {@code config}, closed with {@code closeTimeout}. */
    SchedulerExtension(SchedulerConfig config, Duration closeTimeout) {
        this.scheduler = Scheduler.create(config);
        this.closeTimeout = closeTimeout;
    }

    /** This test's scheduler. */
    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * A latch released when the test ends, just before the scheduler closes: work that should stay
     * blocked for the rest of the test waits on it, and then finishes instead of outliving the test.
     */
    CountDownLatch testEnd() {
        return testEnd;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        testEnd.countDown();
        scheduler.close(closeTimeout);
    }
}
