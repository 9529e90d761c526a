package dev.actorkit.autoconfigure;

import dev.actorkit.MailboxConfig;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * ActorKit's configuration under {@code actor.*}: the scheduler, the supervision tree and each
 * process's restart type, shutdown and mailbox. Bound once at start-up; not meant to be changed
 * afterwards (not thread-safe). See {@code docs/spring-boot.md} for the reference table.
 *
 * <pre>{@code
 * actor:
 *   supervision:
 *     root:
 *       strategy: one-for-one
 *       children: [counter, payments]
 *     payments:
 *       strategy: rest-for-one
 *       children: [ledger, gateway]
 *     carts:
 *       strategy: dynamic
 *       process: cart
 *       idle-timeout: 10m
 *   processes:
 *     counter:
 *       shutdown: 10s
 * }</pre>
 */
@ConfigurationProperties("actor")
public class ActorProperties implements EnvironmentAware, InitializingBean {

    /** The environment it was bound from, to check for keys that it does not have; null when not a bean. */
    private @Nullable Environment environment;

    /** Whether ActorKit is configured: false leaves out the Scheduler, the processes and their beans. */
    private boolean enabled = true;

    /**
     * Whether the supervision tree starts with the application context; false builds it (the refs exist and keep
     * messages) without starting it, until the application starts the ProcessTree lifecycle bean itself.
     */
    private boolean autoStartup = true;

    /** How the scheduler runs processes; ignored when the application defines its own Scheduler bean. */
    private final SchedulerProperties scheduler = new SchedulerProperties();

    /**
     * Supervisors by name. A supervisor that no other one lists among its children is a root; roots
     * start in declaration order. Processes that no supervisor lists go under a default one-for-one root,
     * and so do dynamic supervisors (strategy dynamic) that no supervisor lists.
     */
    private final Map<String, SupervisorProperties> supervision = new LinkedHashMap<>();

    /**
     * Settings of each process by name: the simple name of its @Process class with a lower-case first
     * letter, as for a bean ("Counter" is "counter"). The entry "defaults" holds settings for every process,
     * which a named entry overrides key by key.
     */
    private final Map<String, ProcessProperties> processes = new LinkedHashMap<>();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    /**
     * Once bound: rejects keys under {@code actor.*} that it does not have (typos that Spring Boot would
     * ignore silently), see {@link UnknownActorKeys}.
     */
    @Override
    public void afterPropertiesSet() {
        if (environment != null) {
            UnknownActorKeys.check(environment);
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    public SchedulerProperties getScheduler() {
        return scheduler;
    }

    public Map<String, SupervisorProperties> getSupervision() {
        return supervision;
    }

    public Map<String, ProcessProperties> getProcesses() {
        return processes;
    }

    /** {@code actor.scheduler.*}: the {@link dev.actorkit.SchedulerConfig} of the Scheduler bean. */
    public static class SchedulerProperties {

        /** Threads that run event-driven processes; 0 means one per core. */
        private int parallelism = 0;

        /** Messages an event-driven process handles before it yields its thread to others. */
        private int throughput = 64;

        /** How long closing the scheduler waits for processes that trap exits before it ends them. */
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        /** Timeout of ProcessRef.call without an explicit one. */
        private Duration callTimeout = Duration.ofSeconds(5);

        /** How long one handler may hold a pool thread before it is reported as blocking it. */
        private Duration slowHandlerThreshold = Duration.ofSeconds(1);

        /** Most extra pool threads that stand in for handlers blocked in a call; past it they block without one. */
        private int maxBlockingThreads = dev.actorkit.SchedulerConfig.DEFAULT_MAX_BLOCKING_THREADS;

        public int getParallelism() {
            return parallelism;
        }

        public void setParallelism(int parallelism) {
            this.parallelism = parallelism;
        }

        public int getThroughput() {
            return throughput;
        }

        public void setThroughput(int throughput) {
            this.throughput = throughput;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getCallTimeout() {
            return callTimeout;
        }

        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        public Duration getSlowHandlerThreshold() {
            return slowHandlerThreshold;
        }

        public void setSlowHandlerThreshold(Duration slowHandlerThreshold) {
            this.slowHandlerThreshold = slowHandlerThreshold;
        }

        public int getMaxBlockingThreads() {
            return maxBlockingThreads;
        }

        public void setMaxBlockingThreads(int maxBlockingThreads) {
            this.maxBlockingThreads = maxBlockingThreads;
        }
    }

    /** {@code actor.supervision.<name>.*}: one supervisor. */
    public static class SupervisorProperties {

        /**
         * What is restarted when a child must be: one-for-one, one-for-all or rest-for-one; or dynamic, for a
         * supervisor whose children (instances of its process) are started at run time.
         */
        private SupervisorStrategy strategy = SupervisorStrategy.ONE_FOR_ONE;

        /** Restarts allowed within the window; one more and the supervisor gives up, stopping its children. */
        private int maxRestarts = 3;

        /** The window of max-restarts. */
        private Duration within = Duration.ofSeconds(5);

        /** Names of processes and supervisors, started in this order and stopped in reverse order. */
        private List<String> children = new ArrayList<>();

        /** With strategy dynamic: the process its children run, one instance per child. */
        private @Nullable String process;

        /** With strategy dynamic: children it runs at most; unlimited when not set. */
        private @Nullable Integer maxChildren;

        /** With strategy dynamic: keyed children that handled no message for this long are stopped. */
        private @Nullable Duration idleTimeout;

        /**
         * Only for a root supervisor: what the application does when the root gives up (more than max-restarts
         * within the window), after which nothing restarts its processes. break-liveness (the default) publishes
         * LivenessState.BROKEN, so that a platform such as Kubernetes replaces the instance; keep-liveness only
         * logs it and reports the actor health indicator DOWN; restart starts the root again after a delay that
         * doubles from backoff.min-delay to backoff.max-delay (Akka's BackoffSupervisor).
         */
        private @Nullable GiveUpAction onGiveUp;

        /** Only with on-give-up: restart: how long a root that gave up waits before it starts again. */
        private final BackoffProperties backoff = new BackoffProperties();

        public SupervisorStrategy getStrategy() {
            return strategy;
        }

        public void setStrategy(SupervisorStrategy strategy) {
            this.strategy = strategy;
        }

        public @Nullable String getProcess() {
            return process;
        }

        public void setProcess(@Nullable String process) {
            this.process = process;
        }

        public @Nullable Integer getMaxChildren() {
            return maxChildren;
        }

        public void setMaxChildren(@Nullable Integer maxChildren) {
            this.maxChildren = maxChildren;
        }

        public @Nullable Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public BackoffProperties getBackoff() {
            return backoff;
        }

        public @Nullable GiveUpAction getOnGiveUp() {
            return onGiveUp;
        }

        public void setOnGiveUp(@Nullable GiveUpAction onGiveUp) {
            this.onGiveUp = onGiveUp;
        }

        public int getMaxRestarts() {
            return maxRestarts;
        }

        public void setMaxRestarts(int maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getWithin() {
            return within;
        }

        public void setWithin(Duration within) {
            this.within = within;
        }

        public List<String> getChildren() {
            return children;
        }

        public void setChildren(List<String> children) {
            this.children = children;
        }
    }

    /** What the application does when a root supervisor gives up ({@code actor.supervision.<root>.on-give-up}). */
    public enum GiveUpAction {
        /** Publish {@code LivenessState.BROKEN}: the application is broken for good, as OTP stops a permanent application. */
        BREAK_LIVENESS,
        /** Only log it and report the {@code actor} health indicator DOWN; liveness stays as it is. */
        KEEP_LIVENESS,
        /** Start the root again after a growing delay (Akka's BackoffSupervisor); liveness stays as it is. */
        RESTART
    }

    /** {@code actor.supervision.<root>.backoff.*}: the delays before a root that gave up starts again. */
    public static class BackoffProperties {

        /** The delay before the first restart; each further restart in a row waits twice as long. */
        private Duration minDelay = Duration.ofSeconds(1);

        /** The longest delay; a root that ran this long before it gave up starts again after min-delay. */
        private Duration maxDelay = Duration.ofMinutes(1);

        public Duration getMinDelay() {
            return minDelay;
        }

        public void setMinDelay(Duration minDelay) {
            this.minDelay = minDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /** The strategies a supervisor declared under {@code actor.supervision} can have. */
    public enum SupervisorStrategy {
        /** Only the child that exited is restarted. */
        ONE_FOR_ONE(Strategy.ONE_FOR_ONE),
        /** All children are restarted. */
        ONE_FOR_ALL(Strategy.ONE_FOR_ALL),
        /** The child that exited and those started after it are restarted. */
        REST_FOR_ONE(Strategy.REST_FOR_ONE),
        /** Children are instances of one process, started at run time through {@link DynamicProcesses}. */
        DYNAMIC(Strategy.ONE_FOR_ONE);

        private final Strategy restarts;

        SupervisorStrategy(Strategy restarts) {
            this.restarts = restarts;
        }

        /** The runtime's strategy: what a dynamic supervisor does is one-for-one. */
        public Strategy restarts() {
            return restarts;
        }
    }

    /**
     * {@code actor.processes.<name>.*}: one process; or, under {@link #DEFAULTS}, every process. A key that is
     * not set takes the value of {@code actor.processes.defaults}, and otherwise the default shown.
     */
    public static class ProcessProperties {

        /** The entry of {@code actor.processes} that holds the settings for every process. */
        public static final String DEFAULTS = "defaults";

        /**
         * When the process is restarted: permanent (always), transient (after a crash) or temporary (never). The
         * default is permanent.
         */
        private @Nullable Restart restart;

        /** How long it gets to stop (a duration), or brutal-kill (killed at once), or infinity. The default is 5s. */
        private @Nullable String shutdown;

        /** Its mailbox, which outlives its restarts. */
        private final MailboxProperties mailbox = new MailboxProperties();

        public @Nullable Restart getRestart() {
            return restart;
        }

        public void setRestart(@Nullable Restart restart) {
            this.restart = restart;
        }

        public @Nullable String getShutdown() {
            return shutdown;
        }

        public void setShutdown(@Nullable String shutdown) {
            this.shutdown = shutdown;
        }

        public MailboxProperties getMailbox() {
            return mailbox;
        }
    }

    /** {@code actor.processes.<name>.mailbox.*}: a process's mailbox. */
    public static class MailboxProperties {

        /** Messages the mailbox holds at most; unbounded when not set. */
        private @Nullable Integer capacity;

        /** What a send to a full mailbox does: reject (the default), drop-newest, drop-oldest or block. */
        private MailboxConfig.@Nullable Overflow overflow;

        /** With overflow block: how long a sender waits for room (5s when not set). */
        private @Nullable Duration blockTimeout;

        public @Nullable Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(@Nullable Integer capacity) {
            this.capacity = capacity;
        }

        public MailboxConfig.@Nullable Overflow getOverflow() {
            return overflow;
        }

        public void setOverflow(MailboxConfig.@Nullable Overflow overflow) {
            this.overflow = overflow;
        }

        public @Nullable Duration getBlockTimeout() {
            return blockTimeout;
        }

        public void setBlockTimeout(@Nullable Duration blockTimeout) {
            this.blockTimeout = blockTimeout;
        }
    }
}
