package dev.actorkit.dashboard.docs;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.actorkit.dashboard.fixture.DeskApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
// tag::imports[]
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
// end::imports[]
import org.springframework.test.web.servlet.MockMvc;

/**
 * With Spring Security, the page, its JSON, its stream and its actions follow the application's rules:
 * here, as docs/dashboard.md recommends, only administrators may open {@code /actorkit/**}.
 */
@SpringBootTest(classes = DeskApplication.class,
        properties = {"spring.config.location=classpath:desk.yml", "actor.dashboard.actions.enabled=true"})
@AutoConfigureMockMvc
@Import(DashboardSecurityGuideTest.AdminsOnly.class)
class DashboardSecurityGuideTest {

    /** The rule of the guide: the dashboard for the ADMIN role, everything else for any signed-in user. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AdminsOnly {
        // tag::admins-only[]
        @Bean
        SecurityFilterChain adminsOnly(HttpSecurity http) {
            return http.authorizeHttpRequests(requests -> requests
                            .requestMatchers("/actorkit/**").hasRole("ADMIN")   // the page, its data, its stream
                            .anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .build();                                               // CSRF stays on: actions need the token
        }
        // end::admins-only[]
    }

    @Autowired
    MockMvc mvc;

    @Test
    void anAnonymousVisitorMustSignInForThePageTheDataAndTheStream() throws Exception {
        mvc.perform(get("/actorkit")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actorkit/api/tree")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actorkit/api/processes")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actorkit/stream?view=tree")).andExpect(status().isUnauthorized());
    }

    @Test
    void aUserWithoutTheAdminRoleIsForbidden() throws Exception {
        mvc.perform(get("/actorkit").with(user("ann"))).andExpect(status().isForbidden());
        mvc.perform(get("/actorkit/stream?view=tree").with(user("ann"))).andExpect(status().isForbidden());
        mvc.perform(post("/actorkit/api/actions/kill").param("pid", "<0.1.0>").with(user("ann")).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void anAdministratorGetsThePageWithItsCsrfTokenAndTheStream() throws Exception {
        mvc.perform(get("/actorkit").with(user("root").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<meta name=\"actorkit-csrf-header\" content=\"X-CSRF-TOKEN\">")))
                .andExpect(content().string(containsString("<meta name=\"actorkit-csrf-token\" content=\"")));
        mvc.perform(get("/actorkit/stream?view=tree").with(user("root").roles("ADMIN"))).andExpect(request().asyncStarted());
    }

    @Test
    void anActionNeedsTheCsrfTokenEvenForAnAdministrator() throws Exception {
        mvc.perform(post("/actorkit/api/actions/restart-child").param("supervisor", "office").param("child", "desk")
                        .with(user("root").roles("ADMIN")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/actorkit/api/actions/restart-child").param("supervisor", "office").param("child", "desk")
                        .with(user("root").roles("ADMIN")).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("restarted desk under office")));
    }
}
