package dev.actorkit.autoconfigure.docs;

import static org.assertj.core.api.Assertions.assertThat;

// tag::imports[]
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.autoconfigure.DynamicProcesses;
import dev.actorkit.autoconfigure.ProcessKey;
// end::imports[]
import dev.actorkit.autoconfigure.ActorAutoConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The examples of {@code docs/spring-boot.md}: the regions tagged here (and the classes after this one)
 * are what the page shows.
 */
class SpringBootGuideTest {

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Counter.class)      // what @SpringBootApplication does
    static class Application {
        @Bean
        Clock clock() {
            return new Clock();
        }

        @Bean
        Visits visits(ProcessRef<Counter> counter) {
            return new Visits(counter);
        }

        @Bean
        Checkout checkout(DynamicProcesses<Cart> carts) {
            return new Checkout(carts);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
            .withUserConfiguration(Application.class)
            .withPropertyValues("actor.supervision.carts.strategy=dynamic", "actor.supervision.carts.process=cart",
                    "actor.supervision.carts.idle-timeout=30m");

    /**
     * The build files of "Getting started" name the versions this project builds with: its own, Spring
     * Boot's and the toolchains plugin's; and the BOM they import has that version.
     */
    @Test
    void theGettingStartedBuildsNameTheProjectsVersions() throws java.io.IOException {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "spring-boot.md"));
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("..", "pom.xml"));
        String project = tag(pom, "version");
        String boot = tag(pom, "spring-boot.version");
        String toolchains = pom.substring(pom.indexOf("<artifactId>maven-toolchains-plugin</artifactId>"));

        assertThat(guide).contains("<actorkit.version>" + project + "</actorkit.version>")
                .contains("val actorkitVersion = \"" + project + "\"")
                .contains("<artifactId>spring-boot-starter-parent</artifactId>\n        <version>" + boot + "</version>")
                .contains("id(\"org.springframework.boot\") version \"" + boot + "\"")
                .contains("<artifactId>maven-toolchains-plugin</artifactId>\n                <version>" + tag(toolchains, "version")
                        + "</version>");
        String bom = java.nio.file.Files.readString(java.nio.file.Path.of("..", "actorkit-bom", "pom.xml"));
        assertThat(tag(bom, "version")).as("the BOM has no parent: its own version must be the project's").isEqualTo(project);
    }

    /** The text of the first {@code <name>} element. */
    private static String tag(String xml, String name) {
        int start = xml.indexOf("<" + name + ">") + name.length() + 2;
        return xml.substring(start, xml.indexOf("</" + name + ">", start));
    }

    @Test
    void aBeanTalksToAProcessThroughItsInjectedRef() {
        runner.run(context -> {
                    // tag::use[]
                    Visits visits = context.getBean(Visits.class);
                    visits.visit();
                    visits.visit();
                    assertThat(visits.count()).isEqualTo(2);
                    // end::use[]
                });
    }

    @Test
    void eachKeyHasItsOwnProcessThatKnowsItsKey() {
        runner.run(context -> {
            // tag::use-carts[]
            Checkout checkout = context.getBean(Checkout.class);
            checkout.add("alice", "milk");
            checkout.add("bob", "tea");
            checkout.add("alice", "bread");
            assertThat(checkout.items("alice")).containsExactly("alice: milk", "alice: bread");
            assertThat(checkout.items("carol")).isEmpty();      // find starts nothing
            // end::use-carts[]
        });
    }
}

/** A plain bean the guide's counter gets by constructor injection. */
class Clock {
}

// tag::process-class[]
record Increment(int by) { }
record Get() { }

@Process                                            // no @Component: the starter finds it
class Counter {
    private final Clock clock;                      // any bean, by constructor injection
    private int count;                              // starts at 0 again when the process restarts

    Counter(Clock clock) {
        this.clock = clock;
    }

    @Receive
    void on(Increment increment) {
        count += increment.by();
    }

    @Receive
    int on(Get get) {
        return count;
    }
}
// end::process-class[]

// tag::cart-class[]
record AddItem(String item) { }
record Items() { }

@Process
class Cart {
    private final ProcessKey user;                  // the key it was started for
    private final List<String> items = new ArrayList<>();

    Cart(ProcessKey user) {
        this.user = user;
    }

    @Receive
    void on(AddItem add) {
        items.add(user.value() + ": " + add.item());
    }

    @Receive
    List<String> on(Items get) {
        return List.copyOf(items);
    }
}
// end::cart-class[]

// tag::checkout[]
class Checkout {
    private final DynamicProcesses<Cart> carts;     // injected by its generic type

    Checkout(DynamicProcesses<Cart> carts) {
        this.carts = carts;
    }

    void add(String user, String item) {
        carts.getOrStart(user).send(new AddItem(item)); // the user's cart, started if need be
    }

    List<String> items(String user) {
        return carts.find(user)
                .map(cart -> cart.<List<String>>call(new Items()))
                .orElse(List.of());
    }
}
// end::checkout[]

// tag::inject[]
class Visits {                                      // any bean: a controller, a service...
    private final ProcessRef<Counter> counter;      // injected by its generic type

    Visits(ProcessRef<Counter> counter) {
        this.counter = counter;
    }

    void visit() {
        counter.send(new Increment(1));             // returns at once
    }

    int count() {
        return counter.call(new Get());             // waits for the reply
    }
}
// end::inject[]
