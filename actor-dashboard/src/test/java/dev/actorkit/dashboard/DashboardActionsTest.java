package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.actorkit.ExitReason;
import dev.actorkit.Pid;
import dev.actorkit.ProcessRef;
import dev.actorkit.Scheduler;
import dev.actorkit.autoconfigure.DynamicProcesses;
import dev.actorkit.dashboard.fixture.Desk;
import dev.actorkit.dashboard.fixture.DeskApplication;
import dev.actorkit.dashboard.fixture.Ticket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** With {@code actor.dashboard.actions.enabled=true}: kill, restart and terminate from the page. */
@SpringBootTest(classes = DeskApplication.class,
        properties = {"spring.config.location=classpath:desk.yml", "actor.dashboard.actions.enabled=true"})
@AutoConfigureMockMvc
@Import(DashboardWebTest.OpenToAll.class)
class DashboardActionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MockMvc mvc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ProcessRef<Desk> desk;

    @Autowired
    DynamicProcesses<Ticket> tickets;

    @Test
    void thePageSaysActionsAreEnabled() throws Exception {
        mvc.perform(get("/actorkit")).andExpect(content().string(containsString("<meta name=\"actorkit-actions\" content=\"true\">")));
    }

    @Test
    void killingAProcessEndsItWithKilled() throws Exception {
        ProcessRef<Object> loner = scheduler.spawn(ctx -> ctx.receive());

        mvc.perform(post("/actorkit/api/actions/kill").param("pid", loner.pid().toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.done").value(true));

        assertThat(loner.termination().get(5, TimeUnit.SECONDS)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void restartingAChildStartsANewIncarnationThatStillAnswers() throws Exception {
        Pid before = desk.pid();

        mvc.perform(post("/actorkit/api/actions/restart-child").param("supervisor", "office").param("child", "desk"))
                .andExpect(status().isOk());

        await().atMost(WAIT).until(() -> desk.isAlive() && !desk.pid().equals(before));
        assertThat(desk.<String>call(new Desk.Ping())).isEqualTo("pong");
    }

    @Test
    void terminatingAChildOfADynamicSupervisorStopsItByPid() throws Exception {
        ProcessRef<Ticket> ticket = tickets.getOrStart("closing");
        Pid pid = ticket.pid();

        mvc.perform(post("/actorkit/api/actions/terminate-child").param("supervisor", "tickets").param("child", pid.toString()))
                .andExpect(status().isOk());

        await().atMost(WAIT).until(() -> scheduler.processes().stream().noneMatch(ref -> ref.pid().equals(pid)));
    }

    @Test
    void restartingAChildOfADynamicSupervisorIsRefusedWithTheReason() throws Exception {
        mvc.perform(post("/actorkit/api/actions/restart-child").param("supervisor", "tickets").param("child", "<0.1.0>"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.message").value(containsString("cannot be restarted by id")));
    }

    @Test
    void anActionOnSomethingThatIsNotThereSaysWhatWasNotFound() throws Exception {
        mvc.perform(post("/actorkit/api/actions/kill").param("pid", "<0.999999.0>"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value("no live process <0.999999.0>"));
        mvc.perform(post("/actorkit/api/actions/terminate-child").param("supervisor", "attic").param("child", "desk"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value("no supervisor named 'attic' in the tree"));
        mvc.perform(post("/actorkit/api/actions/terminate-child").param("supervisor", "office").param("child", "chair"))
                .andExpect(status().isConflict());
    }
}
