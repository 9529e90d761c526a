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

    /** Where {@code key} was set (file and line), if it is a property that was set. */
    static @Nullable String origin(@Nullable Environment environment, String key) {
        if (environment == null || !ConfigurationPropertyName.isValid(key)) {
            return null;
        }
        ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getOrigin() != null ? property.getOrigin().toString() : "\"" + property.getValue() + "\"";
            }
        }
        return null;
    }
}
