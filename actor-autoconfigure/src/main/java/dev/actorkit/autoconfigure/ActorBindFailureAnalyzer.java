package dev.actorkit.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@code actor.*} value that cannot be converted (a bad strategy, restart type or overflow,
 * an unparseable duration, a number that is not one) with the values that would be valid. Runs before
 * Spring Boot's generic bind analysis, and leaves other keys to it.
 */
class ActorBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String key = cause.getName().toString();
        if (!key.startsWith("actor.")) {
            return null;
        }
        Class<?> type = cause.getTarget().getType().resolve(Object.class);
        String expected = expected(type);
        ConfigurationProperty property = cause.getProperty();
        Object value = property != null ? property.getValue() : null;
        StringBuilder description = new StringBuilder("Invalid ActorKit configuration:\n\n");
        description.append("    Key: ").append(key).append('\n');
        if (property != null && property.getOrigin() != null) {
            description.append("    Origin: ").append(property.getOrigin()).append('\n');
        }
        description.append("    Problem: ").append(value != null ? "'" + value + "'" : "the value").append(" is not ")
                .append(expected).append(".\n");
        return new FailureAnalysis(description.toString(), "Update " + key + ": set it to " + expected + ".", cause);
    }

    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            return "a duration such as 5s, 500ms, 1m or PT5S (a number alone means milliseconds)";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        return "a valid " + type.getSimpleName();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
