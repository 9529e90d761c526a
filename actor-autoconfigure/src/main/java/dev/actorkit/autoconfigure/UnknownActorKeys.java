package dev.actorkit.autoconfigure;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Strict configuration: a key under {@code actor.*} that {@link ActorProperties} does not have stops the
 * start-up, naming the nearest valid key, because Spring Boot's binder would silently ignore it (a typo of
 * {@code max-restarts} would leave the default in force).
 *
 * <p>What is checked, and why:
 * <ul>
 *   <li>Every key below the groups this starter owns ({@code actor.scheduler}, {@code actor.supervision},
 *       {@code actor.processes}), at any depth: below a map entry ({@code actor.supervision.<name>.*},
 *       {@code actor.processes.<name>.*}) and below nested groups ({@code mailbox.*}, {@code backoff.*}).
 *       The known keys are read from {@link ActorProperties}' getters, so a new property is known at once.</li>
 *   <li>A key directly under {@code actor} ({@code actor.enabeld}): the starter owns the scalar keys there.</li>
 *   <li>Other groups ({@code actor.dashboard.*}, {@code actor.cluster.*}...) belong to other modules, which bind
 *       them themselves; they are left alone, unless the group's name is a near miss of one the starter owns
 *       ({@code actor.proceses.*}), which is a typo rather than another module's group.</li>
 * </ul>
 * Names are compared in Spring Boot's uniform form (lower case, without dashes or underscores), so
 * {@code max-restarts}, {@code maxRestarts}, {@code max_restarts} and the environment variable
 * {@code ACTOR_SUPERVISION_ROOT_MAXRESTARTS} are the same key. An environment variable with an underscore where
 * the key has a dash ({@code ..._MAX_RESTARTS}) does not bind in Spring Boot, so it is reported with the form that
 * does. A single-element environment variable such as {@code ACTOR_HOME} is not reported: environments hold
 * variables of other programs.
 *
 * <p>Thread-safety: stateless; the schema is built once, immutable.
 */
final class UnknownActorKeys {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("actor");

    /** The shape of {@link ActorProperties}, read from its getters. */
    private static final Group SCHEMA = group(ActorProperties.class, "ActorKit's configuration (actor.*)");

    /** Near misses of an owned group's name up to this edit distance are typos, not another module's group. */
    private static final int TYPO_DISTANCE = 2;

    private UnknownActorKeys() {
    }

    /** What a part of the configuration is: a group of named keys, a map of entries, or a value. */
    private sealed interface Shape permits Group, Entries, Value {
    }

    /** A JavaBean: its keys by uniform name; {@code what} names it in messages ("a supervisor"). */
    private record Group(Map<String, Key> keys, String what) implements Shape {
    }

    /** A map by name; each entry has {@code entry}'s shape. */
    private record Entries(Shape entry) implements Shape {
    }

    /** A value; {@code indexed} when it is a list, whose elements are given as {@code key[0]}. */
    private record Value(boolean indexed) implements Shape {
    }

    /** A key of a group: its canonical (kebab-case) name and shape. */
    private record Key(String name, Shape shape) {
    }

    /**
     * Throws at the first key under {@code actor.*} (in property source order) that {@link ActorProperties} does
     * not have.
     *
     * @throws ActorConfigurationException naming the key, the keys it may have meant and the fix
     */
    static void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue; // e.g. random.*: cannot be listed, and holds no actor.* keys
            }
            boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.filter(ROOT::isAncestorOf).stream()
                    .sorted(Comparator.comparing(ConfigurationPropertyName::toString))
                    .forEach(name -> unknown(name, environmentVariables).ifPresent(failure -> {
                        throw failure;
                    }));
        }
    }

    /** Why {@code name} is not a key of ActorKit's configuration, if it is not. */
    static Optional<ActorConfigurationException> unknown(ConfigurationPropertyName name, boolean environmentVariable) {
        Shape at = SCHEMA;
        for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            switch (at) {
                case Entries entries -> at = entries.entry(); // any name is an entry
                case Value value -> {
                    if (value.indexed() && name.isNumericIndex(i)) {
                        return Optional.empty(); // an element of a list
                    }
                    ConfigurationPropertyName parent = name.chop(i);
                    return Optional.of(new ActorConfigurationException(name.toString(), parent + " is a value, so it has no"
                            + " key '" + name.getElement(i, Form.ORIGINAL) + "' below it.", "Set " + parent + " itself, or"
                            + " remove " + name + "."));
                }
                case Group group -> {
                    String element = name.getElement(i, Form.UNIFORM);
                    Key key = group.keys().get(element);
                    if (key != null) {
                        at = key.shape();
                        continue;
                    }
                    if (group == SCHEMA && !ownsTopLevel(name, environmentVariable)) {
                        return Optional.empty();
                    }
                    return Optional.of(unknownKey(name, i, group, environmentVariable));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the starter answers for an unknown {@code actor.<element>...} key: one directly under {@code actor}
     * (unless an environment variable), or a group named almost as one the starter owns. Other groups belong to
     * other modules of ActorKit.
     */
    private static boolean ownsTopLevel(ConfigurationPropertyName name, boolean environmentVariable) {
        int first = ROOT.getNumberOfElements();
        if (name.getNumberOfElements() == first + 1) {
            return !environmentVariable;
        }
        String element = name.getElement(first, Form.UNIFORM);
        return SCHEMA.keys().values().stream()
                .anyMatch(key -> !(key.shape() instanceof Value) && distance(element, uniform(key.name())) <= TYPO_DISTANCE);
    }

    private static ActorConfigurationException unknownKey(ConfigurationPropertyName name, int at, Group group,
                                                          boolean environmentVariable) {
        String given = name.getElement(at, Form.ORIGINAL);
        String parent = name.chop(at).toString();
        String keys = group.keys().values().stream().map(Key::name).collect(Collectors.joining(", "));
        // ACTOR_SUPERVISION_ROOT_MAX_RESTARTS is actor.supervision.root.max.restarts: the dash must be left out.
        StringBuilder rest = new StringBuilder();
        for (int i = at; i < name.getNumberOfElements(); i++) {
            rest.append(name.getElement(i, Form.UNIFORM));
        }
        Key joined = group.keys().get(rest.toString());
        if (environmentVariable && joined != null && name.getNumberOfElements() - at > 1) {
            String variable = (parent + "." + uniform(joined.name())).replace('.', '_').toUpperCase(Locale.ROOT);
            return new ActorConfigurationException(name.toString(), "'" + given + "' is not a key of " + group.what()
                    + "; as an environment variable, each underscore separates keys, so this does not set " + parent + "."
                    + joined.name() + ".", "Name the variable " + variable + ": leave out the dashes of a key, as Spring"
                    + " Boot's relaxed binding expects.");
        }
        Key nearest = group.keys().values().stream()
                .min(Comparator.comparingInt(key -> distance(uniform(given), uniform(key.name()))))
                .orElseThrow();
        boolean close = distance(uniform(given), uniform(nearest.name())) <= Math.max(TYPO_DISTANCE, given.length() / 3);
        String problem = "'" + given + "' is not a key of " + group.what() + (close ? "; did you mean '" + nearest.name()
                + "'?" : ".");
        String fix = (close ? "Rename it to " + parent + "." + nearest.name() + ", or remove it." : "Remove it, or use one of"
                + " the keys below " + parent + ".") + " The keys of " + group.what() + " are: " + keys + ".";
        return new ActorConfigurationException(name.toString(), problem, fix);
    }

    // ---- the schema, from the getters of ActorProperties ----

    private static Group group(Class<?> type, String what) {
        Map<String, Key> keys = new LinkedHashMap<>();
        for (Method getter : type.getMethods()) {
            if (getter.getDeclaringClass() == Object.class || getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())) {
                continue;
            }
            String method = getter.getName();
            String property = method.startsWith("get") && method.length() > 3 ? method.substring(3)
                    : method.startsWith("is") && method.length() > 2 ? method.substring(2) : null;
            if (property == null) {
                continue;
            }
            String name = kebab(Introspector.decapitalize(property));
            keys.put(uniform(name), new Key(name, shape(getter.getGenericReturnType(), name)));
        }
        return new Group(Collections.unmodifiableMap(sorted(keys)), what);
    }

    private static Map<String, Key> sorted(Map<String, Key> keys) {
        return keys.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.comparing(Key::name)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static Shape shape(Type type, String name) {
        Class<?> raw = raw(type);
        if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType parameterized) {
            Type entry = parameterized.getActualTypeArguments()[1];
            return new Entries(shape(entry, name));
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            return new Value(true);
        }
        // The groups are ActorProperties' own nested classes; everything else (enums included) is a value.
        if (raw.getDeclaringClass() == ActorProperties.class && !raw.isEnum()) {
            return group(raw, description(raw));
        }
        return new Value(false);
    }

    private static String description(Class<?> group) {
        return switch (group.getSimpleName()) {
            case "SupervisorProperties" -> "a supervisor (actor.supervision.<name>)";
            case "ProcessProperties" -> "a process (actor.processes.<name>)";
            case "MailboxProperties" -> "a mailbox (actor.processes.<name>.mailbox)";
            case "BackoffProperties" -> "a back-off (actor.supervision.<name>.backoff)";
            case "SchedulerProperties" -> "the scheduler (actor.scheduler)";
            default -> "actor." + kebab(Introspector.decapitalize(group.getSimpleName().replace("Properties", "")));
        };
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return Object.class;
    }

    /** {@code maxRestarts} is {@code max-restarts}. */
    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Spring Boot's uniform form of one element: lower case, only letters and digits. */
    private static String uniform(String element) {
        return element.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The optimal string alignment distance: edits, with a swap of two neighbours as one ({@code restrat}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
