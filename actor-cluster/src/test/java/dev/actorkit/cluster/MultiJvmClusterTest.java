package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessExitException;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.cluster.TestMessages.Echo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes in child JVMs (small heaps) on 127.0.0.1, TCP with TLS 1.3, this JVM being one more node:
 * what a crash ({@code kill -9}) and a hang ({@code SIGSTOP}) look like from here. Times are measured
 * and reported (target/cluster-measurements.txt), never asserted.
 */
@EnabledOnOs(OS.LINUX)
class MultiJvmClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHILD_HEARTBEAT_MS = 3000;

    @TempDir
    static Path certificates;
    static TestCertificates ca;

    private final Scheduler scheduler = Scheduler.create();
    private final List<Process> children = new ArrayList<>();
    private Cluster main;

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.authority("multi", certificates);
    }

    @AfterEach
    void stop() {
        for (Process child : children) {
            child.destroyForcibly();
        }
        if (main != null) {
            main.close();
        }
        scheduler.close();
    }

    private Cluster startMain(int[] ports) {
        ClusterConfig.Builder config = ClusterConfig.builder("main").clusterName("multi-jvm").bind("127.0.0.1", ports[0])
                .heartbeatTimeout(Duration.ofMillis(CHILD_HEARTBEAT_MS)).tls(ca.node("main")).allow(TestMessages.ALLOWED);
        for (int port : ports) {
            config.staticMembers("127.0.0.1:" + port);
        }
        main = Cluster.start(scheduler, config.build());
        return main;
    }

    /** Starts a child JVM node and waits (bounded) until this node sees it. */
    private Process startChild(String name, int port, int[] ports) throws IOException {
        ca.node(name); // writes its PEM files for the child to read
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ChildNode.class.getName(), name, String.valueOf(port), String.valueOf(CHILD_HEARTBEAT_MS),
                certificates.resolve("multi-" + name + ".pem").toString(),
                certificates.resolve("multi-" + name + ".key").toString(),
                ca.caFile().toString()));
        for (int member : ports) {
            command.add("127.0.0.1:" + member);
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(child);
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    if (line.startsWith("READY")) {
                        return line;
                    }
                }
                return "exited before READY";
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        });
        assertThat(ready).succeedsWithin(WAIT).asString().startsWith("READY");
        // keep its pipe from filling, and show its log in the test's output
        Thread.ofVirtual().start(() -> output.lines().forEach(line -> System.out.println("[" + name + "] " + line)));
        await().atMost(WAIT).until(() -> main.nodes().stream().anyMatch(node -> node.name().equals(name)));
        return child;
    }

    private static void report(String line) throws IOException {
        System.out.println("[measurement] " + line);
        Path file = Path.of("target", "cluster-measurements.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = TlsClusterTest.freePort();
        }
        return ports;
    }

    @Test
    void afterKillMinus9OfANodeItsWatchesFireWithNoconnectionAndItsCallsFailWithoutWaitingForTheirTimeout()
            throws Exception {
        int[] ports = freePorts(3);
        startMain(ports);
        startChild("bar", ports[1], ports);
        Process baz = startChild("baz", ports[2], ports);

        ProcessRef<Object> echo = main.whereis("baz", "echo", WAIT).orElseThrow();
        ProcessRef<Object> silent = main.whereis("baz", "silent", WAIT).orElseThrow();
        ProcessRef<Object> barEcho = main.whereis("bar", "echo", WAIT).orElseThrow();
        assertThat(echo.<Echo>call(new Echo("hi"), WAIT)).isEqualTo(new Echo("hi from baz"));
        CompletableFuture<ExitReason> termination = echo.termination();
        CompletableFuture<Object> call = silent.ask(new Echo("never answered"), Duration.ofMinutes(5));
        assertThat(echo.<Echo>call(new Echo("barrier"), WAIT)).isNotNull(); // baz has taken the watch and the call

        long killed = System.nanoTime();
        baz.destroyForcibly(); // SIGKILL
        ExitReason reason = termination.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long noConnectionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

        assertThat(reason).isEqualTo(ExitReason.NOCONNECTION);
        assertThat(call).failsWithin(WAIT).withThrowableOfType(ExecutionException.class).havingCause()
                .isInstanceOfSatisfying(ProcessExitException.class,
                        e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
        report("kill -9 -> NOCONNECTION on another JVM: " + noConnectionMillis + " ms (3 nodes, TLS 1.3,"
                + " suspicion timeout 500 ms)");
        assertThat(barEcho.<Echo>call(new Echo("still here?"), WAIT)).as("the other child is unaffected")
                .isEqualTo(new Echo("still here? from bar"));
        assertThat(main.nodes()).extracting(NodeId::name).containsExactly("bar");
    }

    @Test
    void aHungNodeIsDeclaredDownAfterTheHeartbeatTimeoutAndComesBackUpWhenItResumes() throws Exception {
        int[] ports = freePorts(2);
        startMain(ports);
        Process bar = startChild("bar", ports[1], ports);
        ProcessRef<Object> echo = main.whereis("bar", "echo", WAIT).orElseThrow();
        CompletableFuture<ExitReason> termination = echo.termination();
        echo.call(new Echo("barrier"), WAIT);
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        main.monitorNodes(scheduler.spawn(ctx -> {
            while (true) {
                events.add(ctx.receive());
            }
        }));

        long stopped = System.nanoTime();
        signal(bar, "STOP");
        assertThat(termination.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(ExitReason.NOCONNECTION);
        long downMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(NodeEvent.NodeDown.class);

        signal(bar, "CONT");
        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(NodeEvent.NodeUp.class);
        report("SIGSTOP -> NOCONNECTION: " + downMillis + " ms (heartbeat timeout " + CHILD_HEARTBEAT_MS + " ms)");

        assertThat(echo.<Echo>call(new Echo("back"), WAIT)).as("the same incarnation answers again after the merge")
                .isEqualTo(new Echo("back from bar"));
        assertThat(termination).as("a watch that fired does not come back").isCompletedWithValue(ExitReason.NOCONNECTION);
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
