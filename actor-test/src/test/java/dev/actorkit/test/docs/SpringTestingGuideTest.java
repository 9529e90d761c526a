package dev.actorkit.test.docs;

import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.test.TestProbe;
import dev.actorkit.test.spring.ActorTest;
// end::imports[]
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/** The examples of the "Spring tests" section of docs/testing.md: the {@code @ActorTest} slice. */
// tag::slice[]
@ActorTest                                          // only ActorKit's auto-configuration and the @Process classes
@Import(SpringTestingGuideTest.Salutation.class)    // the beans the processes need
class SpringTestingGuideTest {

    @Autowired
    ProcessRef<Greeter> greeter;                    // the process's ref, as in the application

    @Autowired
    TestProbe probe;                                // a new probe for each injection point

    @Test
    void theGreeterRepliesToWhoeverAsked() {
        greeter.send(new Greet("Ada", probe.ref()));

        Greeting greeting = probe.expectMessage(Greeting.class, Duration.ofSeconds(1));
        assertThat(greeting.text()).isEqualTo("Hello, Ada");
    }
    // end::slice[]

    /** Stands for the application's own {@code @SpringBootApplication} class, which the slice finds. */
    @SpringBootApplication
    static class GuideApplication {
    }

    record Greet(String name, ProcessRef<?> replyTo) { }

    record Greeting(String text) { }

    // tag::process[]
    @Process
    static class Greeter {
        private final Salutation salutation;        // a bean, by constructor injection

        Greeter(Salutation salutation) {
            this.salutation = salutation;
        }

        @Receive
        void on(Greet greet) {
            greet.replyTo().send(new Greeting(salutation.word() + ", " + greet.name()));
        }
    }

    @Component
    static class Salutation {
        String word() {
            return "Hello";
        }
    }
    // end::process[]

    /** A component of the application that no process needs. */
    @Component
    static class Unrelated {
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    TestProbe anotherProbe;

    @Test
    void componentsOfTheApplicationThatAreNotImportedAreLeftOut() {
        assertThat(context.getBeansOfType(Unrelated.class)).isEmpty();
        assertThat(context.getBeansOfType(Salutation.class)).hasSize(1);
    }

    @Test
    void eachInjectedProbeIsAProcessOfItsOwn() {
        assertThat(probe.ref()).isNotEqualTo(anotherProbe.ref());
        assertThat(probe.ref().isAlive()).isTrue();
        assertThat(anotherProbe.ref().isAlive()).isTrue();
    }
}
