package dev.actorkit;

/**
 * Counters of a {@link Scheduler} since it was created, and the state of its thread pool: a snapshot,
 * immutable.
 *
 * @param liveProcesses   processes alive now
 * @param spawned         processes started so far
 * @param deadLetters     dead letters recorded so far
 * @param slowHandlers    handlers reported for holding a pool thread longer than
 *                        {@link SchedulerConfig#slowHandlerThreshold()}
 * @param poolParallelism the pool's target number of threads for event-driven processes
 * @param poolActiveThreads pool threads running or stealing work now (an estimate, as the pool gives it)
 * @param poolQueued      activations waiting in the pool's queues now (an estimate)
 * @param activations     activations of event-driven processes so far (one activation handles up to
 *                        {@link SchedulerConfig#throughput()} messages); a rate of them shows how busy the
 *                        scheduler is. Summed from per-thread counters, so it may lag by a few.
 */
public record SchedulerStats(int liveProcesses, long spawned, long deadLetters, long slowHandlers,
                             int poolParallelism, int poolActiveThreads, long poolQueued, long activations) {
}
