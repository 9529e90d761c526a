package dev.actorkit.dashboard;

import dev.actorkit.ActorException;
import dev.actorkit.dashboard.DashboardModel.ActionResult;
import dev.actorkit.dashboard.DashboardModel.DeadLetterBatch;
import dev.actorkit.dashboard.DashboardModel.Nodes;
import dev.actorkit.dashboard.DashboardModel.ProcessDetails;
import dev.actorkit.dashboard.DashboardModel.ProcessPage;
import dev.actorkit.dashboard.DashboardModel.SchedulerSample;
import dev.actorkit.dashboard.DashboardModel.Tree;
import dev.actorkit.dashboard.DashboardStreams.View;
import dev.actorkit.dashboard.ProcessTable.Query;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's HTTP side, under {@code actor.dashboard.path}: the page and its assets, a JSON
 * resource per view, the live stream, and the actions (refused unless enabled). Every one is an ordinary
 * Spring MVC handler, so the application's security applies to all of them.
 *
 * <p>Thread-safety: stateless; the assets are read once at startup.
 */
@Controller
@RequestMapping("${actor.dashboard.path:/actorkit}")
final class DashboardController {

    private static final String ASSETS = "dev/actorkit/dashboard/assets/";
    private static final Map<String, MediaType> ASSET_TYPES = Map.of(
            "app.js", MediaType.parseMediaType("text/javascript;charset=UTF-8"),
            "app.css", MediaType.parseMediaType("text/css;charset=UTF-8"));
    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.web.csrf.CsrfToken", DashboardController.class.getClassLoader());

    private final Dashboard dashboard;
    private final DashboardStreams streams;
    private final String path;
    private final String indexTemplate;
    private final Map<String, byte[]> assets;

    DashboardController(Dashboard dashboard, DashboardStreams streams, String path) {
        this.dashboard = dashboard;
        this.streams = streams;
        this.path = path;
        this.indexTemplate = new String(read("index.html"), StandardCharsets.UTF_8);
        this.assets = Map.of("app.js", read("app.js"), "app.css", read("app.css"));
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + ASSETS + name + " is missing from its jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the page ----

    @GetMapping({"", "/"})
    ResponseEntity<String> page(HttpServletRequest request) {
        String base = request.getContextPath() + path;
        String csrf = "";
        if (SECURITY_PRESENT) {
            String[] token = CsrfTokens.of(request);
            if (token != null) {
                csrf = "<meta name=\"actorkit-csrf-header\" content=\"" + HtmlUtils.htmlEscape(token[0]) + "\">\n"
                        + "    <meta name=\"actorkit-csrf-token\" content=\"" + HtmlUtils.htmlEscape(token[1]) + "\">";
            }
        }
        String html = indexTemplate
                .replace("{{base}}", HtmlUtils.htmlEscape(base))
                .replace("{{actions}}", Boolean.toString(dashboard.actionsEnabled()))
                .replace("{{csrf}}", csrf);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
                .cacheControl(CacheControl.noStore()).body(html);
    }

    @GetMapping("/assets/{name}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        byte[] content = assets.get(name);
        if (content == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok().contentType(ASSET_TYPES.get(name)).cacheControl(CacheControl.noCache()).body(content);
    }

    // ---- the views as JSON ----

    @GetMapping("/api/tree")
    @ResponseBody
    Tree tree() {
        return dashboard.tree();
    }

    @GetMapping("/api/processes")
    @ResponseBody
    ProcessPage processes(@RequestParam(defaultValue = "pid") String sort, @RequestParam(defaultValue = "asc") String dir,
                          @RequestParam(defaultValue = "") String filter, @RequestParam(defaultValue = "0") int page,
                          @RequestParam(defaultValue = "50") int size) {
        return dashboard.processes(Query.of(sort, dir, filter, page, size));
    }

    @GetMapping("/api/process")
    @ResponseBody
    ProcessDetails process(@RequestParam String pid) {
        return dashboard.process(pid);
    }

    @GetMapping("/api/scheduler")
    @ResponseBody
    List<SchedulerSample> scheduler() {
        return dashboard.schedulerHistory();
    }

    @GetMapping("/api/deadletters")
    @ResponseBody
    DeadLetterBatch deadLetters(@RequestParam(defaultValue = "100") int limit) {
        return dashboard.deadLetters(-1, Math.clamp(limit, 1, 500));
    }

    @GetMapping("/api/nodes")
    @ResponseBody
    Nodes nodes() {
        return dashboard.nodes();
    }

    /** The live stream of one view; the page opens a new one when it changes view, sort or page. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(defaultValue = "tree") String view, @RequestParam(defaultValue = "pid") String sort,
                      @RequestParam(defaultValue = "asc") String dir, @RequestParam(defaultValue = "") String filter,
                      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                      @RequestParam(required = false) @Nullable String pid) {
        View watched = View.parse(view);
        Query query = watched == View.PROCESSES ? Query.of(sort, dir, filter, page, size) : null;
        if (watched == View.PROCESS) {
            if (pid == null) {
                throw new IllegalArgumentException("the process view needs a pid, such as pid=<0.42.0>");
            }
            pid = ProcessTable.parsePid(pid).toString();
        }
        return streams.subscribe(watched, query, pid);
    }

    // ---- actions ----

    @PostMapping("/api/actions/kill")
    @ResponseBody
    ActionResult kill(@RequestParam String pid) {
        return dashboard.kill(pid);
    }

    @PostMapping("/api/actions/terminate-child")
    @ResponseBody
    ActionResult terminateChild(@RequestParam String supervisor, @RequestParam String child) {
        return dashboard.terminateChild(supervisor, child);
    }

    @PostMapping("/api/actions/restart-child")
    @ResponseBody
    ActionResult restartChild(@RequestParam String supervisor, @RequestParam String child) {
        return dashboard.restartChild(supervisor, child);
    }

    // ---- errors say what is wrong, as JSON the page shows ----

    @ExceptionHandler(Dashboard.ActionsDisabledException.class)
    ResponseEntity<ActionResult> refused(Dashboard.ActionsDisabledException refused) {
        return error(HttpStatus.FORBIDDEN, refused);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ActionResult> badRequest(IllegalArgumentException bad) {
        return error(HttpStatus.BAD_REQUEST, bad);
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ActionResult> notFound(NoSuchElementException missing) {
        return error(HttpStatus.NOT_FOUND, missing);
    }

    @ExceptionHandler({IllegalStateException.class, ActorException.class})
    ResponseEntity<ActionResult> conflict(RuntimeException conflict) {
        return error(HttpStatus.CONFLICT, conflict);
    }

    private static ResponseEntity<ActionResult> error(HttpStatus status, RuntimeException failure) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ActionResult(false, String.valueOf(failure.getMessage())));
    }
}
