package dev.actorkit.dashboard;

import dev.actorkit.SchedulerStats;
import dev.actorkit.dashboard.DashboardModel.SchedulerSample;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's last few minutes: one sample per interval, rates worked out from the counters of
 * {@link SchedulerStats}, the oldest dropped once the window is full.
 *
 * <p>Concurrency: written by the dashboard's ticker thread, read by request threads; every method holds
 * this object's monitor, for a few field reads and writes.
 */
final class SchedulerHistory {

    private final int capacity;
    private final ArrayDeque<SchedulerSample> samples;
    private @Nullable SchedulerStats previous;
    private long previousNanos;

    SchedulerHistory(int capacity) {
        this.capacity = Math.max(2, capacity);
        this.samples = new ArrayDeque<>(this.capacity);
    }

    synchronized SchedulerSample record(SchedulerStats stats, long nanos, long epochMillis) {
        double seconds = previous == null ? 0 : (nanos - previousNanos) / 1e9;
        SchedulerSample sample = new SchedulerSample(epochMillis, stats.liveProcesses(), stats.poolParallelism(),
                stats.poolActiveThreads(), stats.poolQueued(),
                rate(previous == null ? 0 : stats.activations() - previous.activations(), seconds),
                rate(previous == null ? 0 : stats.deadLetters() - previous.deadLetters(), seconds),
                rate(previous == null ? 0 : stats.spawned() - previous.spawned(), seconds));
        previous = stats;
        previousNanos = nanos;
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
        return sample;
    }

    private static double rate(long delta, double seconds) {
        return seconds <= 0 ? 0 : Math.round(delta / seconds * 10) / 10.0;
    }

    synchronized List<SchedulerSample> samples() {
        return List.copyOf(samples);
    }

    synchronized @Nullable SchedulerSample latest() {
        return samples.peekLast();
    }
}
