package dev.actorkit.bench;

import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.bench.dashboard.BusyApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an open dashboard costs a busy application: Savina ping-pong ({@link PingPong}'s players) on the
 * scheduler of a Spring Boot application with the dashboard, once with no page open ({@code Quiet}) and
 * once with two pages streaming ({@code Watched}: the tree, and the processes sorted by mailbox length,
 * which reads every process once a second). Both applications run 10,000 idle processes besides the
 * players, so that a page has something to read. Score: messages per second; the two side by side give
 * the cost. Named {@code _dashboard}, so the ActorKit/Pekko table of {@code report.py} leaves them out.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DashboardCost {

    static final int MESSAGES = 200_000;
    static final int IDLE_PROCESSES = 10_000;

    /** The application and its players, no page open. */
    @State(Scope.Benchmark)
    public static class Quiet {
        @Param({"1", "8"})
        int pairs;
        ConfigurableApplicationContext application;
        Scheduler scheduler;
        int port;
        ProcessRef<?>[] pings;
        ProcessRef<?>[] pongs;

        @Setup(Level.Trial)
        public void start() throws Exception {
            application = new SpringApplication(BusyApplication.class).run("--server.port=0",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                    "--actor.supervision.office.strategy=one-for-one", "--actor.supervision.office.children=clerk");
            scheduler = application.getBean(Scheduler.class);
            port = Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
            for (int i = 0; i < IDLE_PROCESSES; i++) {
                scheduler.spawn(BusyApplication.Clerk::new);
            }
            pings = new ProcessRef<?>[pairs];
            pongs = new ProcessRef<?>[pairs];
            for (int i = 0; i < pairs; i++) {
                pings[i] = scheduler.spawn(PingPong.Player::new);
                pongs[i] = scheduler.spawn(PingPong.Player::new);
            }
            openPages();
        }

        void openPages() throws Exception {
        }

        @TearDown(Level.Trial)
        public void stop() {
            application.close();
        }
    }

    /** The same, with two pages streaming: the tree, and the processes sorted by mailbox length. */
    @State(Scope.Benchmark)
    public static class Watched extends Quiet {
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<CompletableFuture<?>> pages = new ArrayList<>();
        final LongAdder events = new LongAdder();

        @Override
        void openPages() throws Exception {
            // -Dbench.dashboard.pages=tree (or processes) opens only that page, to see which one costs what.
            String only = System.getProperty("bench.dashboard.pages", "tree,processes");
            int opened = 0;
            if (only.contains("tree")) {
                open("view=tree");
                opened++;
            }
            if (only.contains("processes")) {
                open("view=processes&sort=mailbox&dir=desc&size=50");
                opened++;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.sum() < 2L * opened) { // every page live: each has had its first events
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dashboard's streams sent nothing within 10 s");
                }
                Thread.sleep(50); // setup only, outside the measurement
            }
        }

        private void open(String query) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actorkit/stream?" + query))
                    .header("Accept", "text/event-stream").build();
            pages.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(response -> {
                try (Stream<String> lines = response.body()) {
                    lines.filter(line -> line.startsWith("event:")).forEach(line -> events.increment());
                }
            }));
        }

        @Override
        public void stop() {
            pages.forEach(page -> page.cancel(true));
            http.close();
            super.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPongQuiet_dashboard(Quiet s) throws InterruptedException {
        play(s);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void pingPongWatched_dashboard(Watched s) throws InterruptedException {
        play(s);
    }

    private static void play(Quiet s) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(s.pairs);
        int perPair = MESSAGES / s.pairs;
        for (int i = 0; i < s.pairs; i++) {
            s.pings[i].send(new PingPong.Ball(perPair - 1, s.pongs[i], done));
        }
        Systems.await(done);
    }
}
