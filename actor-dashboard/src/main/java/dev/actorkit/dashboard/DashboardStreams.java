package dev.actorkit.dashboard;

import dev.actorkit.dashboard.DashboardModel.DeadLetterBatch;
import dev.actorkit.dashboard.DashboardModel.SchedulerSample;
import dev.actorkit.dashboard.ProcessTable.Query;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live streams: once an interval, one thread samples the scheduler and sends each open page what its
 * view shows, as server-sent events, but only when it differs from what that page last received. Pages
 * watching the same view share one computation per interval. With no page open, only the scheduler's
 * counters are sampled (a few field reads), so that the Scheduler view opens with its history.
 *
 * <p>Events: {@code scheduler} (the latest sample, every interval), then one of {@code tree},
 * {@code processes}, {@code process}, {@code deadletters} (new ones, rate-limited), {@code nodes}.
 *
 * <p>Concurrency: pages subscribe and go away on request threads; the list of pages is copy-on-write.
 * Everything else, including every write to an emitter, happens on the single ticker thread, so a page's
 * events never interleave.
 */
final class DashboardStreams implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(DashboardStreams.class);

    /** What a page watches. */
    enum View {
        TREE, PROCESSES, PROCESS, SCHEDULER, DEADLETTERS, NODES;

        static View parse(String name) {
            for (View view : values()) {
                if (view.name().equalsIgnoreCase(name)) {
                    return view;
                }
            }
            throw new IllegalArgumentException("no view '" + name + "'; use one of "
                    + List.of(values()).stream().map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    /** One open page. Its fields other than the emitter are touched by the ticker thread only. */
    private static final class Page {
        final SseEmitter emitter;
        final View view;
        final @Nullable Query query;
        final @Nullable String pid;
        final Map<String, String> lastSent = new HashMap<>();
        long deadLetterCursor = -1;
        volatile boolean gone;

        Page(SseEmitter emitter, View view, @Nullable Query query, @Nullable String pid) {
            this.emitter = emitter;
            this.view = view;
            this.query = query;
            this.pid = pid;
        }
    }

    private final Dashboard dashboard;
    private final JsonMapper json;
    private final Duration interval;
    private final int deadLettersPerTick;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private volatile @Nullable ScheduledExecutorService ticker;

    DashboardStreams(Dashboard dashboard, JsonMapper json, Duration interval, int deadLettersPerSecond) {
        this.dashboard = dashboard;
        this.json = json;
        this.interval = interval;
        this.deadLettersPerTick = Math.max(1, (int) Math.ceil(deadLettersPerSecond * interval.toMillis() / 1000.0));
    }

    /** A new stream for a page; its first events go out at once. */
    SseEmitter subscribe(View view, @Nullable Query query, @Nullable String pid) {
        SseEmitter emitter = new SseEmitter(0L); // no timeout: a page stays open for hours; writes find dead ones
        Page page = new Page(emitter, view, query, pid);
        emitter.onCompletion(() -> leave(page));
        emitter.onTimeout(() -> leave(page));
        emitter.onError(failure -> leave(page));
        pages.add(page);
        ScheduledExecutorService running = ticker;
        if (running != null) {
            running.execute(() -> {
                try {
                    send(page, List.of(page), new HashMap<>(), dashboard.schedulerHistory().isEmpty() ? null
                            : dashboard.schedulerHistory().getLast());
                } catch (RuntimeException failure) {
                    LOG.warn("The dashboard could not send a page its first events", failure);
                }
            });
        }
        return emitter;
    }

    int openPages() {
        return pages.size();
    }

    private void leave(Page page) {
        page.gone = true;
        pages.remove(page);
    }

    /** One interval: a scheduler sample, then each page's events. */
    void tick() {
        SchedulerSample sample = dashboard.sampleScheduler();
        List<Page> open = List.copyOf(pages);
        Map<String, String> computed = new HashMap<>(); // each view's JSON once per tick, shared by its pages
        for (Page page : open) {
            send(page, open, computed, sample);
        }
    }

    private void send(Page page, List<Page> open, Map<String, String> computed, @Nullable SchedulerSample sample) {
        if (page.gone) {
            return;
        }
        try {
            if (page.lastSent.isEmpty()) {
                // Browsers reconnect on their own after the application restarts; this says how soon.
                page.emitter.send(SseEmitter.event().reconnectTime(1000).comment("actorkit"));
            }
            if (sample != null) {
                emit(page, "scheduler", json.writeValueAsString(sample));
            }
            switch (page.view) {
                case TREE -> emit(page, "tree", computed.computeIfAbsent("tree", key -> write(dashboard::tree)));
                case PROCESSES -> {
                    Query query = Objects.requireNonNull(page.query);
                    emit(page, "processes", computed.computeIfAbsent("processes " + query,
                            key -> write(() -> dashboard.processes(query))));
                }
                case PROCESS -> {
                    String pid = Objects.requireNonNull(page.pid);
                    emit(page, "process", computed.computeIfAbsent("process " + pid, key -> write(() -> dashboard.process(pid))));
                }
                case DEADLETTERS -> {
                    DeadLetterBatch batch = dashboard.deadLetters(page.deadLetterCursor, deadLettersPerTick);
                    if (page.deadLetterCursor < 0 || !batch.letters().isEmpty() || batch.skipped() > 0) {
                        page.emitter.send(SseEmitter.event().name("deadletters").data(json.writeValueAsString(batch)));
                    }
                    page.deadLetterCursor = batch.total();
                }
                case NODES -> emit(page, "nodes", computed.computeIfAbsent("nodes", key -> write(dashboard::nodes)));
                case SCHEDULER -> { } // the scheduler event above is all it needs
            }
        } catch (IOException | IllegalStateException gone) {
            // The page went away (closed tab, network): the emitter is finished; forget the page.
            leave(page);
        }
    }

    private String write(Supplier<?> view) {
        return json.writeValueAsString(view.get());
    }

    /** Sends {@code data} under {@code event} unless the page already has exactly that. */
    private static void emit(Page page, String event, String data) throws IOException {
        if (data.equals(page.lastSent.get(event))) {
            return;
        }
        page.emitter.send(SseEmitter.event().name(event).data(data));
        page.lastSent.put(event, data);
    }

    // ---- lifecycle: the ticker runs while the application does ----

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "actorkit-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::tickSafely, 0, millis, TimeUnit.MILLISECONDS);
        ticker = executor;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException failure) {
            // A failed tick must not end the schedule (the executor would drop it silently); the next may succeed.
            LOG.warn("The dashboard could not sample the application", failure);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = ticker;
        ticker = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        for (Page page : List.copyOf(pages)) {
            page.emitter.complete(); // lets the web server stop without waiting for the streams
            leave(page);
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }
}
