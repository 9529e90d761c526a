package dev.actorkit;

import static dev.actorkit.ExitReason.KILL;
import static dev.actorkit.ExitReason.KILLED;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Message and signal ordering between a pair of processes (DESIGN §2, "Ordering"). */
@Timeout(30)
class OrderingTest {

    private static final int MANY = 10_000;

    @RegisterExtension
    final SchedulerExtension schedulerExtension = new SchedulerExtension(Duration.ofMillis(100));
    private final Scheduler scheduler = schedulerExtension.scheduler();

    record Numbered(int sender, int seq) { }

    @Test
    void messagesFromOneProcessArriveInSendOrder() {
        Inbox inbox = Inbox.started(scheduler);

        scheduler.spawn(ctx -> {
            for (int i = 0; i < MANY; i++) {
                inbox.ref().send(i);
            }
        });

        List<Object> received = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            received.add(inbox.next());
        }
        assertThat(received).isEqualTo(range(MANY));
    }

    @Test
    void messagesFromOutsideAnyProcessArriveInSendOrder() throws Exception {
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        ProcessRef<Object> receiver = scheduler.spawn(ctx -> received.complete(receiveMany(ctx, MANY)));

        for (int i = 0; i < MANY; i++) {
            receiver.send(i);
        }

        assertThat(received.get(5, SECONDS)).isEqualTo(range(MANY));
    }

    @Test
    void messagesFromEachOfManyConcurrentSendersArriveInThatSendersOrder() throws Exception {
        int senders = 4;
        int perSender = 5_000;
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        ProcessRef<Object> receiver = scheduler.spawn(ctx -> received.complete(receiveMany(ctx, senders * perSender)));

        for (int s = 0; s < senders; s++) {
            int sender = s;
            scheduler.spawn(ctx -> {
                for (int i = 0; i < perSender; i++) {
                    receiver.send(new Numbered(sender, i));
                }
            });
        }

        Map<Integer, List<Integer>> bySender = received.get(10, SECONDS).stream()
                .map(Numbered.class::cast)
                .collect(Collectors.groupingBy(Numbered::sender, Collectors.mapping(Numbered::seq, Collectors.toList())));
        assertThat(bySender).hasSize(senders);
        bySender.forEach((sender, seqs) ->
                assertThat(seqs).as("messages of sender %d", sender).isEqualTo(IntStream.range(0, perSender).boxed().toList()));
    }

    @Test
    void exitFromAProcessArrivesAfterEveryMessageItSentBeforeDying() {
        Inbox inbox = Inbox.started(scheduler);

        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ctx.link(inbox.ref());
            for (int i = 0; i < MANY; i++) {
                inbox.ref().send(i);
            }
            ctx.exit(ExitReason.of("done"));
        });

        List<Object> received = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            received.add(inbox.next());
        }
        assertThat(received).isEqualTo(range(MANY));
        assertThat(inbox.next()).isEqualTo(new Exit(p, ExitReason.of("done")));
    }

    @Test
    void exitFromACrashedProcessArrivesAfterEveryMessageItSentBeforeCrashing() {
        Inbox inbox = Inbox.started(scheduler);
        IllegalStateException boom = new IllegalStateException("boom");

        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ctx.link(inbox.ref());
            for (int i = 0; i < MANY; i++) {
                inbox.ref().send(i);
            }
            throw boom;
        });

        List<Object> received = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            received.add(inbox.next());
        }
        assertThat(received).isEqualTo(range(MANY));
        assertThat(inbox.next()).isEqualTo(new Exit(p, ExitReason.error(boom)));
    }

    @Test
    void exitFromAKilledProcessArrivesAfterEveryMessageItSentAndNothingAfterIt() {
        Inbox inbox = Inbox.started(scheduler);
        int limit = 50_000;
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ctx.link(inbox.ref());
            for (int i = 0; i < limit; i++) {
                inbox.ref().send(i);
            }
            ctx.receive();
        });
        for (int i = 0; i < 10; i++) {
            assertThat(inbox.next()).isEqualTo(i);
        }

        scheduler.exit(p, KILL);

        int expected = 10;
        Object message = inbox.next();
        while (message instanceof Integer n) {
            assertThat(n).as("messages arrive in order, none missing").isEqualTo(expected++);
            message = inbox.next();
        }
        assertThat(message).isEqualTo(new Exit(p, KILLED));
        inbox.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void downFromAProcessArrivesAfterEveryMessageItSentBeforeDying() {
        Inbox inbox = Inbox.started(scheduler);
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ProcessRef<?> to = (ProcessRef<?>) ctx.receive();
            for (int i = 0; i < MANY; i++) {
                to.send(i);
            }
            ctx.exit(ExitReason.of("done"));
        });

        scheduler.spawn(ctx -> {
            inbox.ref().send(ctx.monitor(p));
            p.send(ctx.self());
            while (true) {
                inbox.ref().send(ctx.receive());
            }
        });

        MonitorRef ref = inbox.next(MonitorRef.class);
        List<Object> received = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            received.add(inbox.next());
        }
        assertThat(received).isEqualTo(range(MANY));
        assertThat(inbox.next()).isEqualTo(new Down(ref, p, ExitReason.of("done")));
    }

    @Test
    void downFromAKilledProcessArrivesAfterEveryMessageItSentAndNothingAfterIt() {
        Inbox inbox = Inbox.started(scheduler);
        int limit = 50_000;
        ProcessRef<Object> p = scheduler.spawn(ctx -> {
            ProcessRef<?> to = (ProcessRef<?>) ctx.receive();
            for (int i = 0; i < limit; i++) {
                to.send(i);
            }
            ctx.receive();
        });
        scheduler.spawn(ctx -> {
            inbox.ref().send(ctx.monitor(p));
            p.send(ctx.self());
            while (true) {
                inbox.ref().send(ctx.receive());
            }
        });
        MonitorRef ref = inbox.next(MonitorRef.class);
        for (int i = 0; i < 10; i++) {
            assertThat(inbox.next()).isEqualTo(i);
        }

        scheduler.exit(p, KILL);

        int expected = 10;
        Object message = inbox.next();
        while (message instanceof Integer n) {
            assertThat(n).as("messages arrive in order, none missing").isEqualTo(expected++);
            message = inbox.next();
        }
        assertThat(message).isEqualTo(new Down(ref, p, KILLED));
        inbox.expectNothing(Duration.ofMillis(150));
    }

    // ---- helpers ----

    private static List<Object> receiveMany(ProcessContext ctx, int count) {
        List<Object> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(ctx.receive());
        }
        return received;
    }

    private static List<Object> range(int count) {
        return IntStream.range(0, count).boxed().map(Object.class::cast).toList();
    }
}
