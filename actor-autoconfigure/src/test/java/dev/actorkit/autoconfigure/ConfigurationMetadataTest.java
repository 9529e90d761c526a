package dev.actorkit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata the starter ships for IDEs: generated from {@link ActorProperties}, merged with
 * {@code additional-spring-configuration-metadata.json} (the keys and value hints the processor cannot see).
 */
class ConfigurationMetadataTest {

    private static DocumentContext metadata;

    /** The file next to ActorProperties' class (the test classes have metadata of their own, found first otherwise). */
    @BeforeAll
    static void readTheShippedMetadata() throws IOException {
        URL classes = ActorProperties.class.getProtectionDomain().getCodeSource().getLocation();
        try (InputStream in = URI.create(classes + "META-INF/spring-configuration-metadata.json").toURL().openStream()) {
            metadata = JsonPath.parse(in);
        }
    }

    private static List<Object> values(String hint) {
        return metadata.read("$.hints[?(@.name == '" + hint + "')].values[*].value");
    }

    private static List<Object> property(String name, String field) {
        return metadata.read("$.properties[?(@.name == '" + name + "')]." + field);
    }

    @Test
    void theSwitchesAreDescribedWithTheirDefaults() {
        assertThat(property("actor.enabled", "defaultValue")).containsExactly(true);
        assertThat(property("actor.auto-startup", "defaultValue")).containsExactly(true);
        assertThat(property("management.health.actor.enabled", "defaultValue")).containsExactly(true);
        assertThat(property("actor.enabled", "description")).singleElement().asString().contains("Whether ActorKit");
    }

    @Test
    void theShutdownOfTheDefaultsOffersBrutalKillAndInfinity() {
        assertThat(values("actor.processes.defaults.shutdown")).contains("brutal-kill", "infinity");
    }

    @Test
    void restartTypesAndOverflowPoliciesAreOfferedAsValues() {
        assertThat(values("actor.processes.defaults.restart")).containsExactly("permanent", "transient", "temporary");
        assertThat(values("actor.processes.defaults.mailbox.overflow"))
                .containsExactly("reject", "drop-newest", "drop-oldest", "block");
    }

    @Test
    void defaultsIsOfferedAsAnEntryOfProcesses() {
        assertThat(values("actor.processes.keys")).containsExactly("defaults");
    }

    @Test
    void everyKeyOfTheDefaultsIsDescribed() {
        assertThat(metadata.<List<String>>read("$.properties[*].name")).contains("actor.processes.defaults.restart",
                "actor.processes.defaults.shutdown", "actor.processes.defaults.mailbox.capacity",
                "actor.processes.defaults.mailbox.overflow", "actor.processes.defaults.mailbox.block-timeout");
    }
}
