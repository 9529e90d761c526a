package dev.actorkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.ProcessRef;
import dev.actorkit.cluster.TestMessages.Numbered;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement, not a benchmark and not a test of speed: one sender, one remote receiver, in-JVM
 * loopback transport. Run with {@code -Dgroups=scale -DexcludedGroups=none}.
 */
@Tag("scale")
class RemoteThroughputScaleTest {

    @Test
    void oneSenderStreamsMessagesToARemoteReceiver() {
        int count = 200_000;
        try (LoopbackNodes nodes = new LoopbackNodes()) {
            Cluster foo = nodes.start("foo");
            Cluster bar = nodes.start("bar");
            await().atMost(Duration.ofSeconds(20)).until(() -> foo.nodes().size() == 1 && bar.nodes().size() == 1);
            AtomicInteger received = new AtomicInteger();
            nodes.scheduler(bar).register("sink", nodes.scheduler(bar).spawn(ctx -> {
                while (true) {
                    ctx.receive();
                    received.incrementAndGet();
                }
            }));
            ProcessRef<Object> sink = foo.whereis("bar", "sink", Duration.ofSeconds(5)).orElseThrow();
            long start = System.nanoTime();
            for (int n = 0; n < count; n++) {
                sink.send(new Numbered(0, n));
            }
            long sent = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).until(() -> received.get() == count);
            long done = System.nanoTime();
            System.out.printf("[measurement] %d messages: sent in %d ms, all received in %d ms (%.0f msg/s)%n", count,
                    (sent - start) / 1_000_000, (done - start) / 1_000_000, count / ((done - start) / 1e9));
            assertThat(received).hasValue(count);
        }
    }
}
