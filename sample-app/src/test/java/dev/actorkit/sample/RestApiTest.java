package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** The REST API and Actuator of the running application, through a real HTTP client. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "kv.port=0")
class RestApiTest {

    @LocalServerPort
    int httpPort;

    @Value("${local.kv.port}")
    int kvPort;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder()
                .baseUrl("http://localhost:" + httpPort)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })   // the tests look at errors
                .build();
    }

    @Test
    void aValuePutOverRestIsReadBackOverRestAndOverTcp() {
        ResponseEntity<String> created = http.post().uri("/buckets/rest").retrieve().toEntity(String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasToString("/buckets/rest");

        String put = http.put().uri("/buckets/rest/milk").contentType(MediaType.TEXT_PLAIN).body("2").retrieve().body(String.class);
        assertThat(JsonPath.<String>read(put, "$.value")).isEqualTo("2");

        String read = http.get().uri("/buckets/rest/milk").retrieve().body(String.class);
        assertThat(JsonPath.<String>read(read, "$.bucket")).isEqualTo("rest");
        assertThat(JsonPath.<String>read(read, "$.key")).isEqualTo("milk");
        assertThat(JsonPath.<String>read(read, "$.value")).isEqualTo("2");
        try (KvClient tcp = new KvClient(kvPort)) {
            assertThat(tcp.send("GET rest milk")).isEqualTo("2\nOK");
        }

        assertThat(http.get().uri("/buckets").retrieve().body(String.class)).contains("\"rest\"");
        assertThat(http.delete().uri("/buckets/rest/milk").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(http.get().uri("/buckets/rest/milk").retrieve().toEntity(String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aMissingBucketIsA404ProblemInJson() {
        ResponseEntity<String> missing = http.get().uri("/buckets/nosuchbucket/milk").retrieve().toEntity(String.class);

        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<String>read(missing.getBody(), "$.detail"))
                .isEqualTo("no bucket named 'nosuchbucket'; create it first with POST /buckets/{name}");
    }

    @Test
    void aValueWithWhitespaceIsRefusedWithA400SayingWhy() {
        http.post().uri("/buckets/words").retrieve().toBodilessEntity();

        ResponseEntity<String> refused = http.put().uri("/buckets/words/milk").contentType(MediaType.TEXT_PLAIN)
                .body("two words").retrieve().toEntity(String.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<String>read(refused.getBody(), "$.detail"))
                .isEqualTo("a value must be one word without whitespace, but was 'two words'");
    }

    @Test
    void actuatorReportsTheApplicationUp() {
        String health = http.get().uri("/actuator/health").retrieve().body(String.class);

        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
    }
}
