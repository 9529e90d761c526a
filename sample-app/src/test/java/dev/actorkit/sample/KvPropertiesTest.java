package dev.actorkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

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
    void withoutSettingsTheStoreListensOnLoopbackPort4040() {
        runner.run(context -> assertThat(context.getBean(KvProperties.class))
                .isEqualTo(new KvProperties(4040, "127.0.0.1", 4096)));
    }

    @Test
    void aPortOutOfRangeStopsTheStartSayingWhichValuesWork() {
        runner.withPropertyValues("kv.port=70000").run(context -> assertThat(context).getFailure().rootCause()
                .hasMessage("kv.port must be between 0 and 65535 (0 picks a free port), but was 70000"));
    }

    @Test
    void aTinyLineLimitStopsTheStart() {
        runner.withPropertyValues("kv.max-line-length=10").run(context -> assertThat(context).getFailure().rootCause()
                .hasMessage("kv.max-line-length must be at least 64 bytes, but was 10"));
    }
}
