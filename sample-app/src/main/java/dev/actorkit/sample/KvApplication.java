package dev.actorkit.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the key-value store: the TCP server on {@code kv.port}, REST under {@code /buckets} and Actuator. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KvApplication {

    public static void main(String[] args) {
        SpringApplication.run(KvApplication.class, args);
    }
}
