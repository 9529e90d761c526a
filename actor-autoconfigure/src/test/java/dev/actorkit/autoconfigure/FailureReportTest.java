package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.actorkit.autoconfigure.fixtures.shop.ShopApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
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
}
