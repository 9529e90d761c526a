package dev.actorkit.autoconfigure;

import dev.actorkit.MailboxConfig;
import dev.actorkit.autoconfigure.ActorProperties.GiveUpAction;
import dev.actorkit.autoconfigure.ActorProperties.MailboxProperties;
import dev.actorkit.autoconfigure.ActorProperties.ProcessProperties;
import dev.actorkit.autoconfigure.ActorProperties.SupervisorStrategy;
import dev.actorkit.autoconfigure.ActorProperties.SupervisorProperties;
import dev.actorkit.supervisor.Restart;
import dev.actorkit.supervisor.Shutdown;
import dev.actorkit.supervisor.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * The supervision tree as {@code actor.*} declares it, checked: every name known, every child under
 * exactly one supervisor, no cycles, every value in range. Undeclared processes go under a default
 * one-for-one root, which starts first, and so do dynamic supervisors that no supervisor lists. Immutable.
 *
 * @param roots the root supervisors, in start order
 */
record SupervisionPlan(List<SupervisorNode> roots) {

    /** The name of the root that holds the processes no supervisor lists. */
    static final String DEFAULT_ROOT = "default";

    private static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(5);
    private static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(5);

    SupervisionPlan {
        roots = List.copyOf(roots);
    }

    /** A process or a supervisor in the tree. */
    sealed interface Node permits ProcessNode, SupervisorNode, DynamicNode {
        String name();
    }

    /** A {@code @Process} class supervised as a worker. */
    record ProcessNode(String name, Class<?> type, Restart restart, Shutdown shutdown, MailboxConfig mailbox)
            implements Node {
    }

    /** A supervisor with its children in start order. */
    record SupervisorNode(String name, Strategy strategy, int maxRestarts, Duration within, List<Node> children,
                          OnGiveUp onGiveUp) implements Node {
        SupervisorNode {
            children = List.copyOf(children);
        }

        /** A supervisor that breaks the application's liveness if it gives up as a root. */
        SupervisorNode(String name, Strategy strategy, int maxRestarts, Duration within, List<Node> children) {
            this(name, strategy, maxRestarts, within, children, OnGiveUp.BREAK_LIVENESS);
        }

        /** This supervisor and the supervisors below it, depth first. */
        Stream<SupervisorNode> supervisors() {
            return Stream.concat(Stream.of(this), children.stream()
                    .flatMap(child -> child instanceof SupervisorNode nested ? nested.supervisors() : Stream.empty()));
        }
    }

    /**
     * What happens when a root gives up.
     *
     * @param action   break liveness, keep it, or restart the root
     * @param minDelay with {@code RESTART}: the first delay, doubled for each restart in a row
     * @param maxDelay with {@code RESTART}: the longest delay
     */
    record OnGiveUp(GiveUpAction action, Duration minDelay, Duration maxDelay) {
        static final OnGiveUp BREAK_LIVENESS = new OnGiveUp(GiveUpAction.BREAK_LIVENESS, Duration.ofSeconds(1),
                Duration.ofMinutes(1));

        /** The delay before restart number {@code attempt} (1, 2, ...) in a row. */
        Duration delay(int attempt) {
            Duration delay = minDelay;
            for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }

    /**
     * A supervisor whose children are instances of one process, started at run time.
     *
     * @param maxChildren children it runs at most ({@link Integer#MAX_VALUE}: no limit)
     * @param idleTimeout how long a keyed child may handle no message before it is stopped, or null
     */
    record DynamicNode(String name, ProcessNode process, int maxRestarts, Duration within, int maxChildren,
                       @Nullable Duration idleTimeout) implements Node {
    }

    /** Every supervisor of the tree, roots first in start order, each followed by those below it. */
    Stream<SupervisorNode> supervisors() {
        return roots.stream().flatMap(SupervisorNode::supervisors);
    }

    /** Every dynamic supervisor of the tree. */
    Stream<DynamicNode> dynamicSupervisors() {
        return supervisors().flatMap(s -> s.children().stream())
                .flatMap(child -> child instanceof DynamicNode dynamic ? Stream.of(dynamic) : Stream.empty());
    }

    /** Every process of the tree that runs once (not those of dynamic supervisors). */
    Stream<ProcessNode> processes() {
        return supervisors().flatMap(s -> s.children().stream())
                .flatMap(child -> child instanceof ProcessNode process ? Stream.of(process) : Stream.empty());
    }

    /**
     * Checks {@code properties} against the discovered processes and builds the tree.
     *
     * @throws ActorConfigurationException at the first rule broken
     */
    static SupervisionPlan of(ActorProperties properties, ProcessCatalog catalog) {
        Map<String, SupervisorProperties> supervision = properties.getSupervision();
        Map<String, ProcessNode> processes = processNodes(properties, catalog);

        // Each supervisor: its own values, then its children: known, listed once, under one supervisor only.
        Map<String, String> parentOf = new HashMap<>();
        Map<String, String> listedAt = new HashMap<>();
        Map<String, String> runBy = new HashMap<>(); // a dynamic supervisor's process -> that supervisor
        supervision.forEach((name, supervisor) -> {
            if (supervisor.getStrategy() == SupervisorStrategy.DYNAMIC && supervisor.getProcess() != null) {
                runBy.putIfAbsent(supervisor.getProcess().strip(), name);
            }
        });
        supervision.forEach((name, supervisor) -> {
            String key = "actor.supervision." + name;
            if (catalog.contains(name)) {
                throw new ActorConfigurationException(key, "'" + name + "' is the name of both a supervisor and the @Process class "
                        + catalog.classes().get(name).getName() + ".",
                        "Rename the supervisor: process and supervisor names share one namespace.");
            }
            if (supervisor.getMaxRestarts() < 0) {
                throw new ActorConfigurationException(key + ".max-restarts", "max-restarts is " + supervisor.getMaxRestarts()
                        + ", but it cannot be negative.",
                        "Set it to 0 or more: 0 means the supervisor gives up at the first restart; the default is 3.");
            }
            requirePositive(key + ".within", supervisor.getWithin(), "the window of max-restarts",
                    "Set it to a positive duration such as 5s (the default).");
            if (supervisor.getStrategy() == SupervisorStrategy.DYNAMIC) {
                checkDynamic(name, supervisor, catalog, runBy);
                return;
            }
            checkStaticOnly(name, supervisor);
            List<String> children = supervisor.getChildren();
            if (children == null || children.isEmpty()) {
                throw new ActorConfigurationException(key + ".children", "supervisor '" + name + "' has no children.",
                        "List the processes and supervisors it supervises, e.g. children: [counter, payments],"
                                + " or remove the supervisor: processes that no supervisor lists run under a default root.");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < children.size(); i++) {
                String child = children.get(i) == null ? "" : children.get(i).strip();
                String childKey = key + ".children[" + i + "]";
                if (!processes.containsKey(child) && !supervision.containsKey(child)) {
                    throw new ActorConfigurationException(childKey, "'" + child + "' is neither a @Process class nor a supervisor.",
                            "Use one of the process names " + catalog.classes().keySet() + " (a @Process class's simple name with"
                                    + " a lower-case first letter) or a supervisor declared under actor.supervision "
                                    + supervision.keySet() + ".");
                }
                if (runBy.containsKey(child)) {
                    String dynamic = runBy.get(child);
                    throw new ActorConfigurationException(childKey, "'" + child + "' is the process of dynamic supervisor '"
                            + dynamic + "', which starts its instances at run time, so it cannot also run once as a child"
                            + " of '" + name + "'.", "Remove '" + child + "' from the children of '" + name + "', and list '"
                            + dynamic + "' there instead if it belongs under '" + name + "'; get its instances from the"
                            + " DynamicProcesses bean of '" + dynamic + "'.");
                }
                if (!seen.add(child)) {
                    throw new ActorConfigurationException(childKey, "'" + child + "' is listed twice among the children of '"
                            + name + "'.", "Remove one of the two entries.");
                }
                if (child.equals(name)) {
                    throw new ActorConfigurationException(childKey, "supervisor '" + name + "' lists itself as a child.",
                            "Remove '" + name + "' from its own children.");
                }
                String other = parentOf.putIfAbsent(child, name);
                if (other != null) {
                    throw new ActorConfigurationException(childKey, "'" + child + "' is a child of two supervisors: '" + other
                            + "' (" + listedAt.get(child) + ") and '" + name + "'.",
                            "Remove it from one of them: a process or supervisor has exactly one supervisor.");
                }
                listedAt.put(child, childKey);
            }
        });

        // Cycles: following parents from any supervisor must end at a root.
        for (String start : supervision.keySet()) {
            List<String> path = new ArrayList<>();
            String at = start;
            while (at != null && !path.contains(at)) {
                path.add(at);
                at = parentOf.get(at);
            }
            if (at != null) {
                // The path runs child to parent; reversed, it reads supervisor to child: a -> b -> a.
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
                cycle.add(at);
                Collections.reverse(cycle);
                throw new ActorConfigurationException("actor.supervision." + at + ".children",
                        "the supervisors " + String.join(" -> ", cycle) + " form a cycle, so none of them is a root.",
                        "Remove '" + cycle.get(1) + "' from the children of '" + at + "' (" + listedAt.get(cycle.get(1))
                                + "), or break the cycle elsewhere: each tree needs a root that no supervisor lists.");
            }
        }

        supervision.forEach((name, supervisor) -> {
            if (supervisor.getOnGiveUp() != null && supervisor.getStrategy() == SupervisorStrategy.DYNAMIC) {
                throw new ActorConfigurationException("actor.supervision." + name + ".on-give-up", "on-give-up is set, but '"
                        + name + "' is a dynamic supervisor, which is never a root: its parent restarts it when it gives up.",
                        "Set on-give-up on the root supervisor of its tree (list '" + name + "' among a root's children),"
                                + " or remove it here.");
            }
            if (supervisor.getOnGiveUp() == GiveUpAction.RESTART) {
                String backoff = "actor.supervision." + name + ".backoff";
                requirePositive(backoff + ".min-delay", supervisor.getBackoff().getMinDelay(), "the first restart delay",
                        "Set it to a positive duration such as 1s (the default).");
                if (supervisor.getBackoff().getMaxDelay().compareTo(supervisor.getBackoff().getMinDelay()) < 0) {
                    throw new ActorConfigurationException(backoff + ".max-delay", "max-delay is "
                            + supervisor.getBackoff().getMaxDelay() + ", shorter than min-delay "
                            + supervisor.getBackoff().getMinDelay() + ".", "Set it to min-delay or longer, such as 1m (the default).");
                }
            }
            if (supervisor.getOnGiveUp() != null && parentOf.containsKey(name)) {
                throw new ActorConfigurationException("actor.supervision." + name + ".on-give-up", "on-give-up is set, but '"
                        + name + "' is not a root: it is a child of '" + parentOf.get(name) + "', which restarts it when it"
                        + " gives up.", "Set on-give-up on the root supervisor of its tree, or remove it here.");
            }
        });

        List<SupervisorNode> roots = new ArrayList<>();
        List<Node> unsupervised = new ArrayList<>();
        for (ProcessNode process : processes.values()) {
            if (!parentOf.containsKey(process.name()) && !runBy.containsKey(process.name())) {
                unsupervised.add(process);
            }
        }
        for (String name : supervision.keySet()) {
            if (!parentOf.containsKey(name) && supervision.get(name).getStrategy() == SupervisorStrategy.DYNAMIC) {
                unsupervised.add(dynamicNode(name, supervision.get(name), processes));
            }
        }
        if (!unsupervised.isEmpty()) {
            roots.add(new SupervisorNode(DEFAULT_ROOT, Strategy.ONE_FOR_ONE, 3, Duration.ofSeconds(5), unsupervised));
        }
        for (String name : supervision.keySet()) {
            if (!parentOf.containsKey(name) && supervision.get(name).getStrategy() != SupervisorStrategy.DYNAMIC) {
                roots.add(supervisorNode(name, supervision, processes));
            }
        }
        return new SupervisionPlan(roots);
    }

    private static SupervisorNode supervisorNode(String name, Map<String, SupervisorProperties> supervision,
                                                 Map<String, ProcessNode> processes) {
        SupervisorProperties supervisor = supervision.get(name);
        List<Node> children = new ArrayList<>();
        for (String child : supervisor.getChildren()) {
            String id = child.strip();
            if (processes.containsKey(id)) {
                children.add(processes.get(id));
            } else if (supervision.get(id).getStrategy() == SupervisorStrategy.DYNAMIC) {
                children.add(dynamicNode(id, supervision.get(id), processes));
            } else {
                children.add(supervisorNode(id, supervision, processes));
            }
        }
        GiveUpAction action = supervisor.getOnGiveUp();
        OnGiveUp onGiveUp = action == null ? OnGiveUp.BREAK_LIVENESS
                : new OnGiveUp(action, supervisor.getBackoff().getMinDelay(), supervisor.getBackoff().getMaxDelay());
        return new SupervisorNode(name, supervisor.getStrategy().restarts(), supervisor.getMaxRestarts(), supervisor.getWithin(),
                children, onGiveUp);
    }

    private static DynamicNode dynamicNode(String name, SupervisorProperties supervisor, Map<String, ProcessNode> processes) {
        Integer maxChildren = supervisor.getMaxChildren();
        return new DynamicNode(name, processes.get(supervisor.getProcess().strip()), supervisor.getMaxRestarts(),
                supervisor.getWithin(), maxChildren != null ? maxChildren : Integer.MAX_VALUE, supervisor.getIdleTimeout());
    }

    /** A dynamic supervisor: one known process that no other dynamic supervisor runs, no children, values in range. */
    private static void checkDynamic(String name, SupervisorProperties supervisor, ProcessCatalog catalog,
                                     Map<String, String> runBy) {
        String key = "actor.supervision." + name;
        String process = supervisor.getProcess() == null ? "" : supervisor.getProcess().strip();
        if (process.isEmpty()) {
            throw new ActorConfigurationException(key + ".process", "dynamic supervisor '" + name + "' has no process.",
                    "Set it to the name of the @Process its children run, one of " + catalog.classes().keySet() + ".");
        }
        if (!catalog.contains(process)) {
            throw new ActorConfigurationException(key + ".process", "there is no @Process class named '" + process
                    + "' under the application's packages.", "Use one of the process names " + catalog.classes().keySet()
                    + " (a @Process class's simple name with a lower-case first letter).");
        }
        if (!runBy.get(process).equals(name)) {
            throw new ActorConfigurationException(key + ".process", "'" + process + "' is already the process of dynamic"
                    + " supervisor '" + runBy.get(process) + "'.", "Use one dynamic supervisor per process: remove '" + name
                    + "', or give it another process.");
        }
        if (supervisor.getChildren() != null && !supervisor.getChildren().isEmpty()) {
            throw new ActorConfigurationException(key + ".children", "dynamic supervisor '" + name + "' lists children "
                    + supervisor.getChildren() + ", but its children are started at run time, as instances of '" + process + "'.",
                    "Remove children, or give '" + name + "' another strategy (one-for-one, one-for-all, rest-for-one) and"
                            + " no process.");
        }
        Integer maxChildren = supervisor.getMaxChildren();
        if (maxChildren != null && maxChildren < 1) {
            throw new ActorConfigurationException(key + ".max-children", "max-children is " + maxChildren
                    + ", but a dynamic supervisor must accept at least 1 child.",
                    "Set it to 1 or more, or remove it for no limit.");
        }
        if (supervisor.getIdleTimeout() != null) {
            requirePositive(key + ".idle-timeout", supervisor.getIdleTimeout(), "idle-timeout",
                    "Set it to a positive duration such as 10m, or remove it so that idle children keep running.");
        }
    }

    /** process, max-children and idle-timeout belong to dynamic supervisors. */
    private static void checkStaticOnly(String name, SupervisorProperties supervisor) {
        String key = "actor.supervision." + name;
        String set = supervisor.getProcess() != null ? "process"
                : supervisor.getMaxChildren() != null ? "max-children"
                : supervisor.getIdleTimeout() != null ? "idle-timeout" : null;
        if (set != null) {
            throw new ActorConfigurationException(key + "." + set, set + " is set, but supervisor '" + name + "' has strategy "
                    + supervisor.getStrategy().name().toLowerCase(Locale.ROOT).replace('_', '-') + "; only a dynamic"
                    + " supervisor has it.", "Set strategy: dynamic to start instances of a process at run time, or remove "
                    + set + ".");
        }
    }

    /**
     * Every discovered process with its settings: its own entry under {@code actor.processes}, key by key over
     * {@code actor.processes.defaults}; rejects settings for names that are not processes.
     */
    private static Map<String, ProcessNode> processNodes(ActorProperties properties, ProcessCatalog catalog) {
        if (catalog.contains(ProcessProperties.DEFAULTS)) {
            throw new ActorConfigurationException(catalog.classes().get(ProcessProperties.DEFAULTS).getName(), "its process"
                    + " name is '" + ProcessProperties.DEFAULTS + "', but actor.processes." + ProcessProperties.DEFAULTS
                    + " holds the settings for every process, so this process could not be configured by name.",
                    "Rename the class.");
        }
        properties.getProcesses().forEach((name, settings) -> {
            if (!catalog.contains(name) && !name.equals(ProcessProperties.DEFAULTS)) {
                String problem = properties.getSupervision().containsKey(name)
                        ? "'" + name + "' is a supervisor, not a process: restart, shutdown and mailbox apply to processes only."
                        : "there is no @Process class named '" + name + "' under the application's packages.";
                throw new ActorConfigurationException("actor.processes." + name, problem,
                        "Use one of the process names " + catalog.classes().keySet() + " (a @Process class's simple name with"
                                + " a lower-case first letter), actor.processes." + ProcessProperties.DEFAULTS
                                + " for settings of every process, or remove the entry.");
            }
        });
        ProcessProperties defaults = properties.getProcesses().getOrDefault(ProcessProperties.DEFAULTS, new ProcessProperties());
        String defaultsKey = "actor.processes." + ProcessProperties.DEFAULTS;
        Map<String, ProcessNode> nodes = new LinkedHashMap<>();
        catalog.classes().forEach((name, type) -> {
            ProcessProperties own = properties.getProcesses().getOrDefault(name, new ProcessProperties());
            String key = "actor.processes." + name;
            Restart restart = own.getRestart() != null ? own.getRestart()
                    : defaults.getRestart() != null ? defaults.getRestart() : Restart.PERMANENT;
            Shutdown shutdown = own.getShutdown() != null ? shutdown(key + ".shutdown", own.getShutdown())
                    : shutdown(defaultsKey + ".shutdown", defaults.getShutdown());
            MailboxConfig mailbox = isSet(own.getMailbox()) || !isSet(defaults.getMailbox())
                    ? mailbox(key + ".mailbox", merged(own.getMailbox(), defaults.getMailbox()))
                    : mailbox(defaultsKey + ".mailbox", defaults.getMailbox());
            nodes.put(name, new ProcessNode(name, type, restart, shutdown, mailbox));
        });
        return nodes;
    }

    private static boolean isSet(MailboxProperties mailbox) {
        return mailbox.getCapacity() != null || mailbox.getOverflow() != null || mailbox.getBlockTimeout() != null;
    }

    /** {@code own}'s values, each one it does not set taken from {@code defaults}. */
    private static MailboxProperties merged(MailboxProperties own, MailboxProperties defaults) {
        MailboxProperties merged = new MailboxProperties();
        merged.setCapacity(own.getCapacity() != null ? own.getCapacity() : defaults.getCapacity());
        merged.setOverflow(own.getOverflow() != null ? own.getOverflow() : defaults.getOverflow());
        merged.setBlockTimeout(own.getBlockTimeout() != null ? own.getBlockTimeout() : defaults.getBlockTimeout());
        return merged;
    }

    /** {@code brutal-kill}, {@code infinity} or a positive duration ({@code 5s}, {@code 500ms}, {@code PT5S}). */
    static Shutdown shutdown(String key, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return Shutdown.timeout(DEFAULT_SHUTDOWN);
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (normalized.equals("brutal-kill")) {
            return Shutdown.brutalKill();
        }
        if (normalized.equals("infinity")) {
            return Shutdown.infinity();
        }
        Duration timeout;
        try {
            timeout = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException notADuration) {
            throw new ActorConfigurationException(key, "'" + value + "' is neither a duration nor brutal-kill nor infinity.",
                    "Use a duration such as 5s or 500ms (how long the process gets to stop before it is killed),"
                            + " brutal-kill (killed at once) or infinity (waits as long as it takes).");
        }
        requirePositive(key, timeout, "a shutdown timeout", "Use a positive duration such as 5s, or brutal-kill to kill the"
                + " process at once.");
        return Shutdown.timeout(timeout);
    }

    private static MailboxConfig mailbox(String key, MailboxProperties mailbox) {
        Integer capacity = mailbox.getCapacity();
        if (capacity == null) {
            if (mailbox.getOverflow() != null || mailbox.getBlockTimeout() != null) {
                String set = mailbox.getOverflow() != null ? "overflow" : "block-timeout";
                throw new ActorConfigurationException(key + "." + set, set + " is set, but the mailbox has no capacity, so it is"
                        + " unbounded and never overflows.", "Set " + key + ".capacity as well, or remove " + set + ".");
            }
            return MailboxConfig.unbounded();
        }
        if (capacity < 1) {
            throw new ActorConfigurationException(key + ".capacity", "the mailbox capacity is " + capacity
                    + ", but a mailbox holds at least 1 message.",
                    "Set it to 1 or more, or remove it for an unbounded mailbox.");
        }
        MailboxConfig.Overflow overflow = mailbox.getOverflow() != null ? mailbox.getOverflow() : MailboxConfig.Overflow.REJECT;
        Duration blockTimeout = mailbox.getBlockTimeout() != null ? mailbox.getBlockTimeout() : DEFAULT_BLOCK_TIMEOUT;
        if (blockTimeout.isNegative()) {
            throw new ActorConfigurationException(key + ".block-timeout", "block-timeout is " + blockTimeout
                    + ", but it cannot be negative.", "Set it to how long a sender waits for room, such as 5s (the default).");
        }
        return MailboxConfig.bounded(capacity, overflow).withBlockTimeout(blockTimeout);
    }

    static void requirePositive(String key, @Nullable Duration value, String what, String fix) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ActorConfigurationException(key, what + " must be positive, but is " + (value == null ? "empty" : value)
                    + ".", fix);
        }
    }
}
