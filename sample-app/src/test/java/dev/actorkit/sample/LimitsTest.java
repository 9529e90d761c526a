package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.autoconfigure.DynamicProcesses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The caps of the two dynamic supervisors, as application.yml sets them: buckets refuse, clients wait. */
@SpringBootTest(properties = {"kv.port=0", "actor.supervision.buckets.max-children=2",
        "actor.supervision.connections.max-children=2"})
class LimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Value("${local.kv.port}")
    int port;

    @Autowired
    KvListener listener;

    @Autowired
    DynamicProcesses<Connection> connections;

    @Test
    void aBucketBeyondMaxChildrenIsRefusedWithAnErrorAndTheConnectionGoesOn() {
        try (KvClient client = new KvClient(port)) {
            assertThat(client.send("CREATE first")).isEqualTo("OK");
            assertThat(client.send("CREATE second")).isEqualTo("OK");

            assertThat(client.send("CREATE third")).startsWith("ERROR bucket 'third' could not be created: ")
                    .contains("max-children");
            assertThat(client.send("PUT first milk 1")).isEqualTo("OK");
        }
    }

    @Test
    void clientsBeyondMaxChildrenWaitUnansweredAndAreServedInTurnAsOthersLeave() {
        KvClient one = new KvClient(port);
        KvClient two = new KvClient(port);
        try (one; two; KvClient three = new KvClient(port); KvClient four = new KvClient(port)) {
            one.send("HELLO");
            two.send("HELLO");                              // both answered: two connections run
            // GETs, which create no bucket: the other test counts buckets.
            three.write("GET three milk\r\n".getBytes(StandardCharsets.UTF_8));
            four.write("GET four milk\r\n".getBytes(StandardCharsets.UTF_8));

            // The acceptor took one more client and keeps it unserved; the fourth is not even accepted.
            await().atMost(WAIT).until(() -> listener.openClients() == 3);
            assertThat(connections.count()).isEqualTo(2);
            assertThat(three.hasAnswer()).isFalse();

            one.close();
            assertThat(three.readLine()).isEqualTo("NOT FOUND");
            two.close();
            assertThat(four.readLine()).isEqualTo("NOT FOUND");
            assertThat(three.send("HELLO")).isEqualTo("UNKNOWN COMMAND");
        }
    }
}
