package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.actorkit.autoconfigure.ActorAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** When the dashboard is there, and how its settings are checked. */
class DashboardAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, DashboardAutoConfiguration.class));

    @Test
    void aServletApplicationWithASchedulerGetsTheDashboardReadOnly() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(DashboardController.class).hasSingleBean(DashboardStreams.class);
            assertThat(context.getBean(Dashboard.class).actionsEnabled()).isFalse();
            assertThat(context.getBean(DashboardProperties.class).getPath()).isEqualTo("/actorkit");
        });
    }

    @Test
    void actionsAreEnabledOnlyWhenAskedFor() {
        runner.withPropertyValues("actor.dashboard.actions.enabled=true")
                .run(context -> assertThat(context.getBean(Dashboard.class).actionsEnabled()).isTrue());
    }

    @Test
    void theDashboardIsOffWhenDisabled() {
        runner.withPropertyValues("actor.dashboard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class).doesNotHaveBean(Dashboard.class));
    }

    @Test
    void anApplicationThatIsNotAWebApplicationGetsNoDashboard() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ActorAutoConfiguration.class, DashboardAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class));
    }

    @Test
    void withoutSpringMvcOnTheClassPathTheDashboardBacksOff() {
        runner.withClassLoader(new FilteredClassLoader(SseEmitter.class))
                .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class));
    }

    @Test
    void aPathThatDoesNotStartWithASlashStopsStartupSayingHowToFixIt() {
        runner.withPropertyValues("actor.dashboard.path=actorkit/").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("actor.dashboard.path is 'actorkit/'")
                .hasMessageContaining("Set it to a path such as /actorkit"));
    }

    @Test
    void aZeroIntervalStopsStartupSayingHowToFixIt() {
        runner.withPropertyValues("actor.dashboard.interval=0s").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("actor.dashboard.interval is PT0S, but it must be positive"));
    }

    @Test
    void anotherPathMovesThePage() {
        runner.withPropertyValues("actor.dashboard.path=/admin/processes")
                .run(context -> assertThat(context.getBean(DashboardProperties.class).getPath()).isEqualTo("/admin/processes"));
    }
}
