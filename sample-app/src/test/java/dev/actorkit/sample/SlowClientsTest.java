package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.actorkit.autoconfigure.DynamicProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Clients that hold a connection without using it: idle ones, slow-loris ones that send a byte now and
 * then but never a line end, and a flood of connection attempts. Timeouts are small here so the test
 * runs in seconds; {@code connections} serves at most 100 clients at once.
 */
@SpringBootTest(properties = {"kv.port=0", "kv.idle-timeout=2s", "kv.line-timeout=500ms", "kv.send-timeout=500ms",
        "actor.supervision.connections.max-children=" + SlowClientsTest.MAX_CONNECTIONS})
class SlowClientsTest {

    static final int MAX_CONNECTIONS = 100;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Value("${local.kv.port}")
    int port;

    @Autowired
    KvListener listener;

    @Autowired
    DynamicProcesses<Connection> connections;

    @BeforeEach
    void theOtherTestsClientsHaveGone() {
        await().atMost(WAIT).until(() -> listener.openClients() == 0);
    }

    @Test
    void idleClientsAreToldAndClosedAfterTheIdleTimeoutAndTheirSlotsServeTheClientsWaiting() {
        List<KvClient> idle = IntStream.range(0, MAX_CONNECTIONS).mapToObj(i -> new KvClient(port)).toList();
        try (KvClient waiting = new KvClient(port)) {
            await().atMost(WAIT).until(() -> listener.openClients() == MAX_CONNECTIONS + 1); // one kept unserved
            assertThat(connections.count()).isEqualTo(MAX_CONNECTIONS);

            waiting.write("CREATE afteridle\r\n".getBytes(StandardCharsets.UTF_8));

            assertThat(waiting.readLine()).isEqualTo("OK");
            for (KvClient client : idle) {
                assertThat(client.readLine()).isEqualTo("ERROR idle for 2s");
                assertThat(client.isClosedByServer()).isTrue();
            }
            assertThat(waiting.send("PUT afteridle milk 1")).isEqualTo("OK");
        } finally {
            idle.forEach(KvClient::close);
        }
        await().atMost(WAIT).until(() -> listener.openClients() == 0 && connections.count() == 0);
    }

    @Test
    void aClientThatSendsAByteNowAndThenButNoLineEndIsClosedAtTheLineDeadlineThoughNeverIdle() {
        try (KvClient loris = new KvClient(port)) {
            assertThat(loris.send("CREATE loris")).isEqualTo("OK");
            AtomicInteger sent = new AtomicInteger();

            // A byte every 100 ms, far less than the 2 s idle timeout, until the server speaks.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (loris.hasAnswer()) {
                    return true;
                }
                loris.write(new byte[] {'x'});
                sent.incrementAndGet();
                return false;
            });

            assertThat(loris.readLine()).isEqualTo("ERROR line not finished within 500ms");
            assertThat(loris.isClosedByServer()).isTrue();
            assertThat(sent.get()).as("bytes sent, one per 100 ms, before the 500 ms line deadline closed the line")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsClosedAfterTheSendTimeoutAndFreesItsSlot() throws IOException {
        try (Socket unread = new Socket()) {
            unread.setReceiveBufferSize(4096);                 // a small window: the answers fill it at once
            unread.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            await().atMost(WAIT).until(() -> listener.openClients() == 1);
            OutputStream out = unread.getOutputStream();
            out.write(("CREATE unread\r\nPUT unread big " + "v".repeat(4000) + "\r\n").getBytes(StandardCharsets.UTF_8));

            // 3000 answers of 4 kB, far more than the socket buffers hold; the requests (48 kB) fit in them.
            out.write("GET unread big\r\n".repeat(3000).getBytes(StandardCharsets.UTF_8));

            // Its connection is blocked in a write, where no read timeout applies; the send timeout ends it.
            await().atMost(WAIT).until(() -> listener.openClients() == 0 && connections.count() == 0);
            assertThat(unread.isClosed()).as("this client's end, still open: the server closed its own").isFalse();
        }
    }

    @Test
    void tenThousandConnectionAttemptsAndAThousandSlowClientsDoNotKeepAWellBehavedClientFromBeingServed()
            throws Exception {
        int slowClients = 1000;
        int attempts = 10_000;
        int attemptThreads = 4;
        // Each loopback connection costs two descriptors in this JVM, the client's and, once accepted, the
        // server's; at most MAX_CONNECTIONS + 1 are accepted at once, the rest wait in the backlog (1024).
        requireFileDescriptors(slowClients + attemptThreads + 2 * (MAX_CONNECTIONS + 1) + 500);

        List<SlowClient> slow = new ArrayList<>();
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService attackers = Executors.newFixedThreadPool(attemptThreads);
        try {
            for (int i = 0; i < slowClients; i++) {
                slow.add(new SlowClient(port));
            }
            dribbler.scheduleAtFixedRate(() -> slow.forEach(SlowClient::dribble), 0, 200, TimeUnit.MILLISECONDS);
            List<Future<Integer>> attacks = new ArrayList<>();
            for (int t = 0; t < attemptThreads; t++) {
                attacks.add(attackers.submit(() -> connectAndReset(attempts / attemptThreads)));
            }

            long start = System.nanoTime();
            try (KvClient wellBehaved = new KvClient(port, Duration.ofSeconds(30))) {
                assertThat(wellBehaved.send("CREATE wellbehaved")).isEqualTo("OK");
                assertThat(wellBehaved.send("PUT wellbehaved milk 1")).isEqualTo("OK");
                assertThat(wellBehaved.send("GET wellbehaved milk")).isEqualTo("1\nOK");
            }
            long servedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            int connected = 0;
            for (Future<Integer> attack : attacks) {
                connected += attack.get(60, TimeUnit.SECONDS);
            }
            assertThat(connected).isEqualTo(attempts);
            await().atMost(Duration.ofSeconds(60)).until(() -> slow.stream().allMatch(SlowClient::closedByServer));
            await().atMost(WAIT).until(() -> listener.openClients() == 0);
            long calmAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("Slow clients: a well-behaved client was served after %d ms, while %d slow clients and"
                    + " %d connection attempts were under way; all gone after %d ms%n", servedAfter, slowClients, attempts,
                    calmAfter);
        } finally {
            dribbler.shutdownNow();
            attackers.shutdownNow();
            slow.forEach(SlowClient::close);
        }
    }

    /** Connects {@code count} times, each time leaving at once with a reset (so no port stays in TIME_WAIT). */
    private int connectAndReset(int count) throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        int connected = 0;
        for (int i = 0; i < count; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(server, 30_000);
                socket.setSoLinger(true, 0);
                connected++;
            }
        }
        return connected;
    }

    private static void requireFileDescriptors(long needed) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            long available = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
            assertThat(available).as("free file descriptors; this test needs %d: raise the limit (ulimit -n)", needed)
                    .isGreaterThanOrEqualTo(needed);
        }
    }

    /**
     * A slow-loris client: starts a command and then sends one byte each time it is told to, never a line
     * end, until the server has answered or closed. Its methods run on one thread at a time.
     */
    private static final class SlowClient {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private volatile boolean closedByServer;

        SlowClient(int port) {
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(30_000);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                out.write("PUT slow ".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sends one more byte, unless the server has spoken: then reads to the end and stops. */
        void dribble() {
            if (closedByServer) {
                return;
            }
            try {
                if (in.available() > 0) {
                    readToTheEnd();
                    return;
                }
                out.write('x');
            } catch (IOException closed) {
                closedByServer = true; // the server closed the connection: a write fails (broken pipe, reset)
            }
        }

        private void readToTheEnd() throws IOException {
            try {
                while (in.read() != -1) {
                    // what the server said last: ERROR line not finished
                }
            } catch (SocketException reset) {
                // reset instead of a clean end: closed all the same
            }
            closedByServer = true;
        }

        boolean closedByServer() {
            return closedByServer;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
