package dev.actorkit.autoconfigure;

import java.util.Objects;

/**
 * ActorKit's configuration is invalid, so the application does not start: the {@code actor.*}
 * properties or the {@code @Process} classes break a rule. It names the offending key, what is wrong
 * and how to fix it; Spring Boot's failure analysis prints the three. Immutable.
 */
public final class ActorConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;
    private final String fix;

    /**
     * @param key     the configuration key at fault, e.g. {@code actor.supervision.root.children[1]}
     *                (or the {@code @Process} classes at fault)
     * @param problem what is wrong, as a sentence
     * @param fix     what to do about it, as a sentence
     */
    public ActorConfigurationException(String key, String problem, String fix) {
        super(Objects.requireNonNull(key, "key") + ": " + Objects.requireNonNull(problem, "problem") + " "
                + Objects.requireNonNull(fix, "fix"));
        this.key = key;
        this.problem = problem;
        this.fix = fix;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** How to fix it. */
    public String fix() {
        return fix;
    }
}
