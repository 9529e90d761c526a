package dev.actorkit;

import static dev.actorkit.Await.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @Process(blocking = true)} handlers run on virtual threads; a handler that holds a pool thread
 * longer than the threshold is reported (Vert.x's blocked-thread checker).
 */
@Timeout(30)
class BlockingHandlersTest {

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(
            SchedulerConfig.defaults().withSlowHandlerThreshold(Duration.ofMillis(100)), Duration.ofMillis(200));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record WhichThread() { }
    record Hold(CountDownLatch entered, CountDownLatch release) { }
    record Ping() { }

    @Process(blocking = true)
    static class BlockingServer {
        @Receive
        Thread on(WhichThread m) {
            return Thread.currentThread();
        }

        @Receive
        void on(Hold m) throws InterruptedException {
            m.entered().countDown();
            m.release().await();
        }

        @Receive
        String on(Ping m) {
            return "pong";
        }
    }

    @Process
    static class PoolServer {
        @Receive
        Thread on(WhichThread m) {
            return Thread.currentThread();
        }

        @Receive
        void on(Hold m) throws InterruptedException {
            m.entered().countDown();
            m.release().await();
        }

        @Receive
        String on(Ping m) {
            return "pong";
        }
    }

    @Test
    void handlersOfABlockingProcessRunOnVirtualThreads() {
        ProcessRef<BlockingServer> server = scheduler.spawn(BlockingServer::new);

        Thread thread = server.call(new WhichThread());

        assertThat(thread.isVirtual()).isTrue();
    }

    @Test
    void handlersOfAnOrdinaryProcessRunOnThePoolsPlatformThreads() {
        ProcessRef<PoolServer> server = scheduler.spawn(PoolServer::new);

        Thread thread = server.call(new WhichThread());

        assertThat(thread.isVirtual()).isFalse();
        assertThat(thread.getName()).startsWith("actorkit-worker-");
    }

    @Test
    void aHandlerHoldingAPoolThreadLongerThanTheThresholdIsReportedOnce() {
        ProcessRef<PoolServer> server = scheduler.spawn(PoolServer::new);
        CountDownLatch release = new CountDownLatch(1);

        server.send(new Hold(new CountDownLatch(1), release));

        try {
            await().atMost(WAIT).until(() -> scheduler.stats().slowHandlers() >= 1);
        } finally {
            release.countDown();
        }
        assertThat(server.<String>call(new Ping())).isEqualTo("pong");
        assertThat(scheduler.stats().slowHandlers()).as("reported once for one long handler").isEqualTo(1);
    }

    @Test
    void aBlockingProcessWaitingInItsHandlerIsNotReportedAsSlow() throws InterruptedException {
        ProcessRef<BlockingServer> blocking = scheduler.spawn(BlockingServer::new);
        ProcessRef<PoolServer> pool = scheduler.spawn(PoolServer::new);
        CountDownLatch release = new CountDownLatch(1);
        try {
            // The blocking process starts waiting first; the pool handler's report proves the watchdog
            // has looked long enough to have reported the blocking one too, had it been watched.
            CountDownLatch blockingEntered = new CountDownLatch(1);
            blocking.send(new Hold(blockingEntered, release));
            assertThat(blockingEntered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            pool.send(new Hold(new CountDownLatch(1), release));

            await().atMost(WAIT).until(() -> scheduler.stats().slowHandlers() >= 1);
        } finally {
            release.countDown();
        }
        assertThat(blocking.<String>call(new Ping())).isEqualTo("pong");
        assertThat(pool.<String>call(new Ping())).isEqualTo("pong");
        assertThat(scheduler.stats().slowHandlers()).as("only the pool handler").isEqualTo(1);
    }
}
