package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.fixtures.actuate.ActuatedApplication;
import dev.actorkit.autoconfigure.fixtures.actuate.Archive;
import dev.actorkit.autoconfigure.fixtures.actuate.Clerk;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Crash;
import dev.actorkit.autoconfigure.fixtures.actuate.Desk.Ping;
import dev.actorkit.autoconfigure.fixtures.actuate.Fuse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The whole application over HTTP, as an operator sees it: a real web server, Actuator's web endpoints,
 * the tree of actuated.yml, a crash and its restart in {@code /actuator/processes}, and health going
 * DOWN when a root exceeds its intensity, the crash and restart in the metrics, and a request's trace
 * continuing through the processes it calls.
 */
@SpringBootTest(classes = ActuatedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.import=classpath:actuated.yml")
@Import(ActuatorWebTest.Observations.class)
class ActuatorWebTest {

    /** Records every observation that starts, as a tracer would see it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }

    static final class Recorder implements ObservationHandler<Observation.Context> {
        final Queue<Observation.Context> started = new ConcurrentLinkedQueue<>();

        @Override
        public void onStart(Observation.Context context) {
            started.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    @Autowired
    Recorder recorder;

    @Autowired
    ProcessRef<Archive> archive;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ProcessRef<Clerk> clerk;

    @Autowired
    ProcessRef<Fuse> fuse;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private DocumentContext json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    @Test
    void theProcessesEndpointShowsTheTreeAndACrashedProcessWithOneRestart() throws Exception {
        DocumentContext tree = json("/actuator/processes");
        assertThat(tree.read("$.supervisors[*].name", List.class)).containsExactly("front", "fragile");
        assertThat(tree.read("$.supervisors[0].children[*].name", List.class)).containsExactly("clerk", "back");
        assertThat(tree.read("$.supervisors[0].children[0].restarts", Integer.class)).isZero();
        Pid before = clerk.pid();

        clerk.send(new Crash());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            DocumentContext after = json("/actuator/processes");
            assertThat(after.read("$.supervisors[0].children[0].restarts", Integer.class)).isEqualTo(1);
            assertThat(after.read("$.supervisors[0].children[0].pid", String.class)).isNotEqualTo(before.toString());
        });
        assertThat(clerk.<String>call(new Ping())).isEqualTo("pong");
        DocumentContext one = json("/actuator/processes/clerk");
        assertThat(one.read("$.name", String.class)).isEqualTo("clerk");
        assertThat(one.read("$.pid", String.class)).isEqualTo(clerk.pid().toString());
        assertThat(one.read("$.restarts", Integer.class)).isEqualTo(1);
        assertThat(one.read("$.status", String.class)).isEqualTo("waiting");
        assertThat(one.read("$.mailboxSize", Integer.class)).isZero();
    }

    @Test
    void anUnknownProcessIsNotFound() throws Exception {
        assertThat(get("/actuator/processes/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    @DirtiesContext
    void healthGoesDownNamingTheRootThatExceededItsIntensity() throws Exception {
        assertThat(json("/actuator/health/actor").read("$.status", String.class)).isEqualTo("UP");

        fuse.send(new Crash());                     // fragile allows no restart: it gives up

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> health = get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            DocumentContext body = JsonPath.parse(health.body());
            assertThat(body.read("$.status", String.class)).isEqualTo("DOWN");
            assertThat(body.read("$.components.actor.status", String.class)).isEqualTo("DOWN");
            assertThat(body.read("$.components.actor.details.roots.fragile", String.class)).startsWith("gave up");
            assertThat(body.read("$.components.actor.details.roots.front", String.class)).isEqualTo("running");
        });
        assertThat(json("/actuator/processes/fragile").read("$.status", String.class)).isEqualTo("gave-up");
    }

    /** A meter's value with these tags, 0 while it does not exist yet. */
    private double meter(String name, String tag) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/metrics/" + name + (tag.isEmpty() ? "" : "?tag=" + tag));
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as("GET %s: %s", name, response.body()).isEqualTo(200);
        return JsonPath.parse(response.body()).read("$.measurements[0].value", Double.class);
    }

    @Test
    void aCrashAndItsRestartShowInTheMetrics() throws Exception {
        double crashes = meter("actor.crashes", "process:archive");
        double restarts = meter("actor.restarts", "child:archive");
        double processed = meter("actor.messages.processed", "process:archive");

        archive.send(new Crash());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(meter("actor.crashes", "process:archive")).isEqualTo(crashes + 1);
            assertThat(meter("actor.restarts", "child:archive")).isEqualTo(restarts + 1);
            assertThat(meter("actor.messages.processed", "process:archive")).isGreaterThan(processed);
        });
        assertThat(meter("actor.processes", "")).isPositive();
    }

    @Test
    void aRequestThatCallsAProcessWhichCallsAnotherIsOneTrace() throws Exception {
        HttpResponse<String> response = get("/relay");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pong");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Observation.Context request = recorder.started.stream()
                    .filter(context -> "http.server.requests".equals(context.getName()))
                    .filter(context -> context.getLowCardinalityKeyValue("uri") != null
                            && "/relay".equals(context.getLowCardinalityKeyValue("uri").getValue()))
                    .findFirst().orElseThrow(() -> new AssertionError("no observation of the request"));
            Observation.Context atClerk = child(request, "clerk");
            child(atClerk, "archive");
        });
    }

    /** The actor.message observation whose parent is {@code parent}, handled by {@code process}. */
    private Observation.Context child(Observation.Context parent, String process) {
        return recorder.started.stream()
                .filter(context -> "actor.message".equals(context.getName()))
                .filter(context -> {
                    ObservationView up = context.getParentObservation();
                    return up != null && up.getContextView() == parent;
                })
                .filter(context -> context.getLowCardinalityKeyValue("actor.process") != null
                        && process.equals(context.getLowCardinalityKeyValue("actor.process").getValue()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no actor.message observation of " + process + " under "
                        + parent.getName() + "; started: " + recorder.started.stream()
                        .map(Observation.Context::getName).toList()));
    }
}
