package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A measurement, not a test (tag {@code load}, excluded by default): 50 TCP clients on loopback do
 * PUT then GET for a bounded time, then every acknowledged PUT is read back. Run it with
 * {@code ./mvnw -pl sample-app -am test -Dtest=KvLoadTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dactorkit.excludedGroups=none} (add {@code -Dkv.load.seconds=60} for a longer run).
 */
@Tag("load")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "kv.port=0")
class KvLoadTest {

    private static final int CLIENTS = 50;
    private static final int BUCKETS = 10;
    /** Bounds each client's work even on a much faster machine. */
    private static final int MAX_PUTS_PER_CLIENT = 1_000_000;

    @Value("${local.kv.port}")
    int port;

    @Test
    void fiftyClientsForABoundedTimeLoseNoAcknowledgedPut() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("kv.load.seconds", 20));
        try (KvClient setup = new KvClient(port)) {
            for (int b = 0; b < BUCKETS; b++) {
                assertThat(setup.send("CREATE load" + b)).isEqualTo("OK");
            }
        }

        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                writers.add(() -> write(client, deadline));
            }
            List<Integer> putsByClient = new ArrayList<>();
            for (Future<Integer> puts : threads.invokeAll(writers)) {
                putsByClient.add(puts.get());
            }
            int acknowledged = putsByClient.stream().mapToInt(Integer::intValue).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            long requests = 2L * acknowledged;          // each PUT was followed by its GET

            List<Callable<Integer>> readers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                readers.add(() -> verify(client, putsByClient.get(client)));
            }
            int missing = 0;
            for (Future<Integer> lost : threads.invokeAll(readers)) {
                missing += lost.get();
            }
            System.out.printf("KV load: %d clients for %.1f s: %d requests, %.0f requests/s; %d acknowledged PUTs read"
                    + " back, %d missing%n", CLIENTS, seconds, requests, requests / seconds, acknowledged, missing);
            assertThat(missing).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    /** PUT then GET of fresh keys until the deadline; returns how many PUTs were acknowledged. */
    private int write(int client, long deadline) {
        String bucket = "load" + client % BUCKETS;
        int puts = 0;
        try (KvClient kv = new KvClient(port)) {
            while (System.nanoTime() < deadline && puts < MAX_PUTS_PER_CLIENT) {
                String key = "c" + client + "k" + puts;
                assertThat(kv.send("PUT " + bucket + " " + key + " v" + puts)).isEqualTo("OK");
                puts++;
                assertThat(kv.send("GET " + bucket + " " + key)).isEqualTo("v" + (puts - 1) + "\nOK");
            }
        }
        return puts;
    }

    /** Reads back the {@code puts} keys {@code client} wrote; returns how many are missing. */
    private int verify(int client, int puts) {
        String bucket = "load" + client % BUCKETS;
        int missing = 0;
        try (KvClient kv = new KvClient(port)) {
            for (int n = 0; n < puts; n++) {
                if (!kv.send("GET " + bucket + " c" + client + "k" + n).equals("v" + n + "\nOK")) {
                    missing++;
                }
            }
        }
        return missing;
    }
}
