package dev.actorkit.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports an {@link ActorConfigurationException} as Spring Boot reports a bad property: the key, where
 * it was set, what is wrong, and (as the action) how to fix it.
 */
class ActorConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ActorConfigurationException> {

    private final @Nullable Environment environment;

    ActorConfigurationFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ActorConfigurationException cause) {
        StringBuilder description = new StringBuilder("Invalid ActorKit configuration:\n\n");
        description.append("    Key: ").append(cause.key()).append('\n');
        String origin = origin(environment, cause.key());
        if (origin != null) {
            description.append("    Origin: ").append(origin).append('\n');
        }
        description.append("    Problem: ").append(cause.problem()).append('\n');
        return new FailureAnalysis(description.toString(), "Update " + cause.key() + ". " + cause.fix(), cause);
    }

    /**
     * Where the value at fault came from: the file and line, the command-line argument, the environment
     * variable... of the source that won, the one of highest precedence. An element of a list
     * ({@code children[1]}) may have been given as the whole list ({@code --actor.supervision.root.children=a,b}
     * on the command line, or an environment variable): a source that sets the list wins over a lower one
     * that sets the element.
     */
    static @Nullable String origin(@Nullable Environment environment, String key) {
        if (environment == null || !ConfigurationPropertyName.isValid(key)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        ConfigurationPropertyName list = withoutIndexes(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property == null && !list.equals(name)) {
                property = source.getConfigurationProperty(list);
            }
            if (property != null) {
                return property.getOrigin() != null ? property.getOrigin().toString() : "\"" + property.getValue() + "\"";
            }
        }
        return null;
    }

    /** {@code a.b[1]} is {@code a.b}: the list an element belongs to. */
    private static ConfigurationPropertyName withoutIndexes(ConfigurationPropertyName name) {
        ConfigurationPropertyName at = name;
        while (!at.isEmpty() && at.isLastElementIndexed()) {
            at = at.getParent();
        }
        return at;
    }
}
