package dev.actorkit.boot40;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.autoconfigure.ProcessesEndpoint;
import dev.actorkit.boot40.Greeter.Crash;
import dev.actorkit.boot40.Greeter.Greet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** The starter in a Spring Boot 4.0 application: processes, injected refs, restarts, Actuator. */
@SpringBootTest(properties = "management.endpoints.web.exposure.include=processes")
class Boot40ApplicationTest {

    @Autowired
    ProcessRef<Greeter> greeter;

    @Autowired
    ApplicationContext context;

    @Test
    void theApplicationRunsOnSpringBoot40() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
    }

    @Test
    void aProcessBeanStartsIsInjectedAndAnswersACall() {
        assertThat(greeter.<String>call(new Greet("Ada"))).startsWith("Hello, Ada!");
    }

    @Test
    void aCrashedProcessIsRestartedWithAFreshInstanceBehindTheSameRef() {
        greeter.call(new Greet("Ada"));
        Pid before = greeter.pid();

        greeter.send(new Crash());

        await().atMost(Duration.ofSeconds(5)).until(() -> greeter.isAlive() && !greeter.pid().equals(before));
        assertThat(greeter.<String>call(new Greet("Grace"))).isEqualTo("Hello, Grace! (1)");
    }

    @Test
    void theProcessesEndpointAndTheHealthIndicatorWorkOnSpringBoot40() {
        ProcessesEndpoint endpoint = context.getBean(ProcessesEndpoint.class);

        assertThat(endpoint.process("greeter")).isNotNull();
        assertThat(context.getBean("actorHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
    }
}
