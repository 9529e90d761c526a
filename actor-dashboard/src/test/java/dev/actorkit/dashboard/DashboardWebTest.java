package dev.actorkit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The dashboard's HTTP side in a real application context: the page, the JSON views, the stream. */
@SpringBootTest(classes = DeskApplication.class, properties = "spring.config.location=classpath:desk.yml")
@AutoConfigureMockMvc
@Import(DashboardWebTest.OpenToAll.class)
class DashboardWebTest {

    /** Spring Security is on this module's test class path; these tests are about the dashboard, not about it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class OpenToAll {
        @Bean
        SecurityFilterChain openToAll(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(csrf -> csrf.disable()).build();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MockMvc mvc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    ProcessRef<Desk> desk;

    @Autowired
    DynamicProcesses<Ticket> tickets;

    private MvcResult stream(String query) throws Exception {
        return mvc.perform(get("/actorkit/stream?" + query)).andExpect(request().asyncStarted()).andReturn();
    }

    // ---- the page ----

    @Test
    void thePageIsServedAtActorkitWithItsAssetsFromTheJar() throws Exception {
        mvc.perform(get("/actorkit"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(containsString("<script src=\"/actorkit/assets/app.js\">")))
                .andExpect(content().string(containsString("<meta name=\"actorkit-actions\" content=\"false\">")))
                .andExpect(content().string(not(containsString("http"))));   // nothing from a CDN
        mvc.perform(get("/actorkit/assets/app.js")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"));
        mvc.perform(get("/actorkit/assets/app.css")).andExpect(status().isOk());
        mvc.perform(get("/actorkit/assets/secret.properties")).andExpect(status().isNotFound());
    }

    // ---- the stream ----

    @Test
    void theStreamSendsTheSchedulerAndTheTreeAtOnceThenTheTreeOnlyWhenItChanges() throws Exception {
        MvcResult stream = stream("view=tree");

        await().atMost(WAIT).until(() -> ServerSentEvents.of(stream).count("scheduler") >= 4);
        ServerSentEvents quiet = ServerSentEvents.of(stream);
        assertThat(quiet.last("tree")).contains("\"name\":\"office\"", "\"name\":\"desk\"", "\"name\":\"tickets\"",
                "\"strategy\":\"one-for-one\"");
        long treesBefore = quiet.count("tree");
        assertThat(treesBefore).as("nothing changed over several intervals: the tree went once").isEqualTo(1);
        assertThat(quiet.last("scheduler")).contains("\"liveProcesses\"", "\"activationsPerSecond\"", "\"queued\"");

        Pid killed = desk.pid();
        scheduler.exit(desk, ExitReason.KILL);
        await().atMost(WAIT).until(() -> desk.isAlive() && !desk.pid().equals(killed));
        String restarted = "\"name\":\"desk\",\"kind\":\"process\",\"strategy\":null,\"pid\":\"" + desk.pid() + "\"";

        await().atMost(WAIT).until(() -> ServerSentEvents.of(stream).last("tree").contains(restarted));
        assertThat(ServerSentEvents.of(stream).last("tree"))
                .as("the recent changes name the restart").contains("\"kind\":\"restarted\",\"name\":\"desk\",\"pid\":\"" + desk.pid() + "\"");
        assertThat(ServerSentEvents.of(stream).count("tree")).isGreaterThan(treesBefore);
    }

    @Test
    void theProcessesStreamSendsTheRequestedPageSortedOnTheServer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ProcessRef<Object> busy = scheduler.spawn(ctx -> release.await());
        try {
            for (int i = 0; i < 42; i++) {
                busy.send(i);
            }
            MvcResult stream = stream("view=processes&sort=mailbox&dir=desc&size=3");

            await().atMost(WAIT).until(() -> ServerSentEvents.of(stream).data("processes").stream()
                    .anyMatch(page -> page.startsWith("{\"rows\":[{\"pid\":\"" + busy.pid() + "\"")));
            String page = ServerSentEvents.of(stream).last("processes");
            assertThat(page).contains("\"mailboxSize\":42", "\"size\":3", "\"sort\":\"mailbox\"", "\"dir\":\"desc\"");
        } finally {
            release.countDown();
        }
    }

    @Test
    void deadLettersAreStreamedWithCauseRecipientAndMessageTypeButNeverTheMessage() throws Exception {
        ProcessRef<Object> gone = scheduler.spawn(ctx -> { });
        gone.termination().get();
        MvcResult stream = stream("view=deadletters");

        gone.send(new Secret("4111-1111-1111-1111"));

        await().atMost(WAIT).until(() -> ServerSentEvents.of(stream).data("deadletters").stream()
                .anyMatch(batch -> batch.contains(Secret.class.getName())));
        String batches = String.join("\n", ServerSentEvents.of(stream).data("deadletters"));
        assertThat(batches).contains("\"cause\":\"NO_PROCESS\"", "\"recipientPid\":\"" + gone.pid() + "\"")
                .doesNotContain("4111");
    }

    record Secret(String cardNumber) {
    }

    @Test
    void aStreamForAnUnknownViewIsRefusedWithTheViewsThereAre() throws Exception {
        mvc.perform(get("/actorkit/stream?view=everything"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("[tree, processes, process, scheduler, deadletters, nodes]")));
    }

    // ---- the JSON views ----

    @Test
    void processesArePagedSortedAndFilteredOnTheServer() throws Exception {
        List<ProcessRef<Ticket>> started = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            started.add(tickets.getOrStart("t" + i));
        }

        mvc.perform(get("/actorkit/api/processes?sort=pid&dir=asc&page=1&size=10"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows.length()").value(10))
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.total").value(org.hamcrest.Matchers.greaterThanOrEqualTo(30)));
        mvc.perform(get("/actorkit/api/processes?filter=ticket:&size=500"))
                .andExpect(jsonPath("$.matching").value(org.hamcrest.Matchers.greaterThanOrEqualTo(30)))
                .andExpect(jsonPath("$.rows[*].type").value(org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.is("Ticket"))));
        mvc.perform(get("/actorkit/api/processes?filter=" + started.getFirst().pid()))
                .andExpect(jsonPath("$.matching").value(1))
                .andExpect(jsonPath("$.rows[0].name").value("ticket:t0"));
    }

    @Test
    void aDynamicSupervisorWithManyChildrenShowsHowManyAndOnlyItsBusiest() throws Exception {
        for (int i = 0; i < TreeReader.SHOWN_CHILDREN + 5; i++) {
            tickets.getOrStart("many" + i);
        }

        mvc.perform(get("/actorkit/api/tree"))
                .andExpect(jsonPath("$.roots[0].children[1].name").value("tickets"))
                .andExpect(jsonPath("$.roots[0].children[1].childCount").value(org.hamcrest.Matchers.greaterThanOrEqualTo(25)))
                .andExpect(jsonPath("$.roots[0].children[1].children.length()").value(TreeReader.SHOWN_CHILDREN));
    }

    @Test
    void aPageOfProcessesWithBadParametersGetsAnErrorThatSaysWhatIsAllowed() throws Exception {
        mvc.perform(get("/actorkit/api/processes?sort=colour"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("sort by one of [pid, name, type, status, mailbox, handled, rate, message]")));
        mvc.perform(get("/actorkit/api/processes?size=100000"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value(containsString("a page holds 1 to 500 rows")));
    }

    @Test
    void aProcessShowsItsSupervisorLinksAndRecentCrashesWithTheirStackButNotTheFailureMessage() throws Exception {
        Pid crashed = desk.pid();
        desk.send(new Desk.Crash("hunter2"));
        await().atMost(WAIT).until(() -> desk.isAlive() && !desk.pid().equals(crashed));

        await().atMost(WAIT).untilAsserted(() -> mvc.perform(get("/actorkit/api/process").param("pid", desk.pid().toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("desk"))
                .andExpect(jsonPath("$.type").value("Desk"))
                .andExpect(jsonPath("$.supervisor.name").value("office"))
                .andExpect(jsonPath("$.links[*].name").value(hasItem("office")))
                .andExpect(jsonPath("$.crashes[0].pid").value(crashed.toString()))
                .andExpect(jsonPath("$.crashes[0].failure").value("java.lang.IllegalStateException"))
                .andExpect(jsonPath("$.crashes[0].messageType").value(Desk.Crash.class.getName()))
                .andExpect(jsonPath("$.crashes[0].stack[0]").value(containsString("Desk.on")))
                .andExpect(content().string(not(containsString("hunter2")))));
    }

    @Test
    void aPidThatIsNotAPidGetsAnErrorShowingWhatOneLooksLike() throws Exception {
        mvc.perform(get("/actorkit/api/process").param("pid", "desk"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value("'desk' is not a pid; a pid looks like <0.42.0>"));
    }

    @Test
    void theSchedulerViewKeepsAHistoryOfSamples() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> mvc.perform(get("/actorkit/api/scheduler"))
                .andExpect(jsonPath("$.length()").value(org.hamcrest.Matchers.greaterThanOrEqualTo(2)))
                .andExpect(jsonPath("$[0].threads").value(scheduler.config().effectiveParallelism())));
    }

    @Test
    void theNodesViewSaysHonestlyThatThereIsNoClusterNode() throws Exception {
        mvc.perform(get("/actorkit/api/nodes"))
                .andExpect(jsonPath("$.clusterPresent").value(false))
                .andExpect(jsonPath("$.nodes.length()").value(0))
                .andExpect(jsonPath("$.note").value(containsString("it has no ActorKit cluster node")));
    }

    // ---- actions are off by default ----

    @Test
    void everyActionIsRefusedWhileActionsAreDisabledAndNothingChanges() throws Exception {
        Pid before = desk.pid();

        mvc.perform(post("/actorkit/api/actions/kill").param("pid", before.toString()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.done").value(false))
                .andExpect(jsonPath("$.message").value(containsString("actor.dashboard.actions.enabled=true")));
        mvc.perform(post("/actorkit/api/actions/restart-child").param("supervisor", "office").param("child", "desk"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/actorkit/api/actions/terminate-child").param("supervisor", "office").param("child", "desk"))
                .andExpect(status().isForbidden());

        assertThat(desk.pid()).isEqualTo(before);
        assertThat(desk.<String>call(new Desk.Ping())).isEqualTo("pong");
    }
}
