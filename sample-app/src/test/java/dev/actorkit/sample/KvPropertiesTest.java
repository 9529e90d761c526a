package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding {@code kv.*}: defaults, and a clear start-up failure for values that cannot work. */
class KvPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KvProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void withoutSettingsTheStoreListensOnLoopbackPort4040AndClosesIdleClientsAfterFiveMinutes() {
        runner.run(context -> assertThat(context.getBean(KvProperties.class)).isEqualTo(new KvProperties(4040,
                "127.0.0.1", 4096, Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30), 1024)));
    }

    @Test
    void timeoutsAreWrittenAsSpringBootDurations() {
        runner.withPropertyValues("kv.idle-timeout=750ms", "kv.line-timeout=2s").run(context -> {
            KvProperties properties = context.getBean(KvProperties.class);
            assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMillis(750));
            assertThat(properties.lineTimeout()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aZeroIdleTimeoutStopsTheStartSayingWhatToWrite() {
        assertStartFails("kv.idle-timeout=0s",
                "kv.idle-timeout must be at least 1ms (for example 500ms, 10s or 5m), but was PT0S");
    }

    @Test
    void aNegativeLineTimeoutStopsTheStart() {
        assertStartFails("kv.line-timeout=-1s",
                "kv.line-timeout must be at least 1ms (for example 500ms, 10s or 5m), but was PT-1S");
    }

    @Test
    void aZeroSendTimeoutStopsTheStart() {
        assertStartFails("kv.send-timeout=0ms",
                "kv.send-timeout must be at least 1ms (for example 500ms, 10s or 5m), but was PT0S");
    }

    @Test
    void aBacklogBelowOneStopsTheStart() {
        assertStartFails("kv.backlog=0", "kv.backlog must be at least 1 waiting client, but was 0");
    }

    @Test
    void aPortOutOfRangeStopsTheStartSayingWhichValuesWork() {
        assertStartFails("kv.port=70000",
                "kv.port must be between 0 and 65535 (0 picks a free port), but was 70000");
    }

    @Test
    void aTinyLineLimitStopsTheStart() {
        assertStartFails("kv.max-line-length=10", "kv.max-line-length must be at least 64 bytes, but was 10");
    }

    /** Starting with {@code setting} fails, and the root cause says {@code message}. */
    private void assertStartFails(String setting, String message) {
        runner.withPropertyValues(setting).run(context -> assertThat(context).getFailure().rootCause().hasMessage(message));
    }
}
