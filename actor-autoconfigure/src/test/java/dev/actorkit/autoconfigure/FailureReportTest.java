package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.autoconfigure.fixtures.shop.ShopApplication;
import dev.actorkit.autoconfigure.fixtures.failing.Inventory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user sees when application.yml declares an invalid tree: Spring Boot's failure report, with where the key was set. */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Test
    void anInvalidTreeStopsTheStartUpWithAReportThatNamesTheKeyItsOriginTheProblemAndTheFix(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ShopApplication.class)
                .profiles("broken")
                .properties("spring.main.banner-mode=off")
                .run().close())
                .hasRootCauseInstanceOf(ActorConfigurationException.class);

        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid ActorKit configuration:")
                .contains("Key: actor.supervision.root.children[1]")
                .contains("Origin: class path resource [application-broken.yml]")
                .contains("Problem: 'countr' is neither a @Process class nor a supervisor.")
                .contains("Update actor.supervision.root.children[1]. Use one of the process names [counter, gateway, ledger]");
    }

    @Test
    void aValueGivenOnTheCommandLineIsReportedWithTheCommandLineAsItsOrigin(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ShopApplication.class)
                .profiles("broken")                         // application-broken.yml sets the same list
                .properties("spring.main.banner-mode=off")
                .run("--actor.supervision.root.children=counter,ledgr").close())
                .hasRootCauseInstanceOf(ActorConfigurationException.class);

        assertThat(output).contains("Key: actor.supervision.root.children[1]")
                .contains("Origin: \"actor.supervision.root.children\" from property source \"commandLineArgs\"")
                .contains("Problem: 'ledgr' is neither a @Process class nor a supervisor.")
                .doesNotContain("application-broken.yml");
    }

    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage(basePackageClasses = Inventory.class)
    static class FailingApplication {
    }

    @Test
    void aProcessWhoseConstructorFailsIsReportedInSentencesThatNameIt() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class))
                .withUserConfiguration(FailingApplication.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    List<String> messages = new ArrayList<>();
                    for (Throwable at = context.getStartupFailure(); at != null; at = at.getCause()) {
                        messages.add(at.getMessage());
                    }
                    assertThat(messages).anySatisfy(message -> assertThat(message)
                            .contains("the process factory of process 'inventory' (an instance from the bean factory) threw:"));
                    assertThat(String.join("\n", messages)).doesNotContain("factory the bean factory")
                            .contains("the stock database is down");
                });
    }
}
