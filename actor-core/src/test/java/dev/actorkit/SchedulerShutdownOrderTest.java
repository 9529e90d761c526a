package dev.actorkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link Scheduler#close()} promises: order, @Terminate, dead letters for leftovers, and a log of what it killed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerShutdownOrderTest {

    private final Scheduler scheduler = Scheduler.create();
    private final CountDownLatch testEnd = new CountDownLatch(1);

    @AfterEach
    void close() {
        testEnd.countDown();
        scheduler.close(Duration.ofSeconds(1));
    }

    record Name(String name, List<String> stopped) {
    }

    /** Traps exits, so close() asks it to stop and it runs @Terminate, recording the order. */
    @Process(trapExits = true)
    static class Named {
        private Name name;

        @Receive
        void on(Name name) {
            this.name = name;
        }

        @Receive
        void on(Exit exit) {
            // Exits of linked processes are not this test's concern; close()'s request to stop is handled by the runtime.
        }

        @Terminate
        void terminate(ExitReason reason) {
            name.stopped().add(name.name() + " " + reason);
        }
    }

    @Test
    void closeStopsRootProcessesInReverseStartOrder() {
        List<String> stopped = new CopyOnWriteArrayList<>();
        for (String name : List.of("first", "second", "third", "fourth")) {
            ProcessRef<Named> process = scheduler.spawn(Named::new);
            process.send(new Name(name, stopped));
        }

        scheduler.close(Duration.ofSeconds(5));

        assertThat(stopped).containsExactly("fourth shutdown", "third shutdown", "second shutdown", "first shutdown");
    }

    record StartChild(List<String> stopped, CompletableFuture<ProcessRef<Named>> child) {
    }

    @Process
    static class Spawner {
        @Receive
        void on(StartChild start) {
            ProcessRef<Named> child = ProcessContext.current().scheduler().spawn(Named::new); // not linked, not a root
            child.send(new Name("child", start.stopped()));
            start.child().complete(child);
        }
    }

    @Test
    void closeRunsTerminateOfATrappingProcessThatIsNotARoot() throws Exception {
        List<String> stopped = new CopyOnWriteArrayList<>();
        CompletableFuture<ProcessRef<Named>> child = new CompletableFuture<>();
        scheduler.spawn(Spawner::new).send(new StartChild(stopped, child));
        ProcessRef<Named> trapping = child.get(5, TimeUnit.SECONDS);

        scheduler.close(Duration.ofSeconds(5));

        assertThat(stopped).containsExactly("child shutdown");
        assertThat(trapping.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.SHUTDOWN);
    }

    record Hold(CountDownLatch release, CompletableFuture<Void> holding) {
    }

    @Process
    static class Holder {
        @Receive
        void on(Hold hold) throws InterruptedException {
            hold.holding().complete(null);
            hold.release().await(30, TimeUnit.SECONDS);
        }

        @Receive
        void on(String text) {
        }
    }

    @Test
    void closeReturnsOnlyAfterTheMessagesLeftInMailboxesAreDeadLetters() throws Exception {
        BlockingQueue<DeadLetter> letters = new LinkedBlockingQueue<>();
        scheduler.onDeadLetter(letters::add);
        ProcessRef<Holder> holder = scheduler.spawn(Holder::new);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holding = new CompletableFuture<>();
        holder.send(new Hold(release, holding));
        holding.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            holder.send("left over " + i);
        }

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> scheduler.close(Duration.ofSeconds(20)));
        holder.termination().get(5, TimeUnit.SECONDS); // dead at once; its handler still holds the mailbox
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(letters).filteredOn(letter -> letter.cause() == DeadLetter.Cause.SHUTDOWN).hasSize(100);
    }

    @Test
    void aProcessCloseMustKillAfterTheDeadlineIsLoggedByName() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.actorkit.Scheduler");
        logger.addHandler(capture);
        try {
            ProcessRef<Object> stubborn = scheduler.spawn(ctx -> {
                ctx.trapExits(true);
                while (true) {
                    ctx.receive(); // ignores the shutdown request
                }
            });
            scheduler.register("stubborn", stubborn);
            await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.info(stubborn).map(ProcessInfo::trapExit).orElse(false));

            scheduler.close(Duration.ofMillis(200));

            assertThat(logged).anyMatch(message -> message.contains("stubborn") && message.contains("killed"));
        } finally {
            logger.removeHandler(capture);
        }
    }
}
