package dev.actorkit.sample.docs;

import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.sample.KvClient;
// end::imports[]
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

// The example of docs/sample-app.md: the region tagged here is what the page shows.
// tag::test-class[]
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kv.port=0")                           // a free port, published as local.kv.port
class SampleAppGuideTest {

    @Value("${local.kv.port}")
    int port;

    @Test
    void theGuidesSessionGetsTheGuidesAnswers() {
        try (KvClient client = new KvClient(port)) {        // a java.net.Socket that writes CRLF lines
            assertThat(client.send("CREATE shopping")).isEqualTo("OK");
            assertThat(client.send("PUT shopping milk 1")).isEqualTo("OK");
            assertThat(client.send("PUT shopping eggs 3")).isEqualTo("OK");
            assertThat(client.send("GET shopping milk")).isEqualTo("1\nOK");
            assertThat(client.send("DELETE shopping eggs")).isEqualTo("OK");
            assertThat(client.send("GET shopping eggs")).isEqualTo("\nOK");        // no such key: an empty line
            assertThat(client.send("GET groceries milk")).isEqualTo("NOT FOUND");
            assertThat(client.send("HELLO")).isEqualTo("UNKNOWN COMMAND");
        }
    }
}
// end::test-class[]
