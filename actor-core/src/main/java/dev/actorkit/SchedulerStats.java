package dev.actorkit;

/**
 * Counters of a {@link Scheduler} since it was created: a snapshot, immutable.
 *
 * @param liveProcesses   processes alive now
 * @param spawned         processes started so far
 * @param deadLetters     dead letters recorded so far
 * @param slowHandlers    handlers reported for holding a pool thread longer than
 *                        {@link SchedulerConfig#slowHandlerThreshold()}
 */
public record SchedulerStats(int liveProcesses, long spawned, long deadLetters, long slowHandlers) {
}
