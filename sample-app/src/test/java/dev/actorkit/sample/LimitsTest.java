package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** The caps of the two dynamic supervisors, as application.yml sets them, refuse politely. */
@SpringBootTest(properties = {"kv.port=0", "actor.supervision.buckets.max-children=2",
        "actor.supervision.connections.max-children=2"})
class LimitsTest {

    @Value("${local.kv.port}")
    int port;

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
    void aClientBeyondMaxChildrenIsToldAndClosedWhileTheOthersAreServed() {
        try (KvClient one = new KvClient(port); KvClient two = new KvClient(port)) {
            one.send("HELLO");
            two.send("HELLO");                              // both answered: two connections run

            try (KvClient three = new KvClient(port)) {
                assertThat(three.readLine()).isEqualTo("ERROR too many connections");
                assertThat(three.isClosedByServer()).isTrue();
            }
            assertThat(one.send("HELLO")).isEqualTo("UNKNOWN COMMAND");
        }
    }
}
