package dev.actorkit.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the dashboard, under {@code actor.dashboard}.
 *
 * <p>Thread-safety: bound once at startup and then only read.
 */
@ConfigurationProperties("actor.dashboard")
public class DashboardProperties {

    /** Whether to serve the dashboard. */
    private boolean enabled = true;

    /** Where the page is served; its data and its live stream are under it. */
    private String path = "/actorkit";

    /** How often the live stream sends what changed. */
    private Duration interval = Duration.ofSeconds(1);

    /** How much of the scheduler's history the Scheduler view keeps in memory. */
    private Duration history = Duration.ofMinutes(5);

    /** At most this many dead letters a second go to each page; the others are only counted. */
    private int deadLettersPerSecond = 20;

    private final Actions actions = new Actions();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getHistory() {
        return history;
    }

    public void setHistory(Duration history) {
        this.history = history;
    }

    public int getDeadLettersPerSecond() {
        return deadLettersPerSecond;
    }

    public void setDeadLettersPerSecond(int deadLettersPerSecond) {
        this.deadLettersPerSecond = deadLettersPerSecond;
    }

    public Actions getActions() {
        return actions;
    }

    /** What the page may change. */
    public static class Actions {

        /** Whether the page may kill processes and restart or terminate supervised children. */
        private boolean enabled = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
