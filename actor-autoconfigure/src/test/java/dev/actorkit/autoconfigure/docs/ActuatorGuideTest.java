package dev.actorkit.autoconfigure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.actorkit.autoconfigure.fixtures.shop.ShopApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The Actuator JSON of {@code docs/spring-boot.md} is the real answer of {@code GET /actuator/processes}
 * for the shop of that page (application-shop.yml), field for field; only the values that change from run
 * to run (pids, counts, statuses) may differ.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=processes")
@ActiveProfiles("shop")
class ActuatorGuideTest {

    /** The fields whose values depend on the run. */
    private static final Set<String> VOLATILE = Set.of("pid", "status", "mailboxSize", "restarts", "currentMessageType",
            "messagesHandled", "live", "supervised", "unsupervised", "spawned", "deadLetters");

    @LocalServerPort
    int port;

    @Test
    void theGuidesProcessesJsonIsTheRealAnswerOfTheEndpoint() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/processes")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Object real = normalized(JsonPath.parse(response.body()).json());
        Object documented = normalized(JsonPath.parse(documentedJson()).json());

        assertThat(documented).as("the JSON after <!-- actuator: processes --> in docs/spring-boot.md; the endpoint"
                + " answered:%n%s", response.body()).isEqualTo(real);
    }

    private static String documentedJson() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "spring-boot.md"));
        int marker = lines.indexOf("<!-- actuator: processes -->");
        assertThat(marker).as("the marker <!-- actuator: processes --> in docs/spring-boot.md").isNotNegative();
        assertThat(lines.get(marker + 1)).isEqualTo("```json");
        int end = lines.subList(marker + 2, lines.size()).indexOf("```") + marker + 2;
        return String.join("\n", lines.subList(marker + 2, end));
    }

    /** The JSON with each run-dependent value replaced by {@code varies}. */
    private static Object normalized(Object json) {
        if (json instanceof Map<?, ?> object) {
            Map<String, Object> copy = new LinkedHashMap<>();
            object.forEach((key, value) -> copy.put((String) key, VOLATILE.contains(key) ? "varies" : normalized(value)));
            return copy;
        }
        if (json instanceof List<?> array) {
            return array.stream().map(ActuatorGuideTest::normalized).toList();
        }
        return json;
    }
}
