package dev.actorkit.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TCP server's settings, under {@code kv.*}. Immutable.
 *
 * @param port          TCP port of the text protocol; 0 picks a free one (the log says which)
 * @param address       address the server listens on; loopback by default, as the store has no authentication
 * @param maxLineLength longest command line accepted, in bytes without the line end; a longer one closes the connection
 */
@ConfigurationProperties("kv")
record KvProperties(@DefaultValue("4040") int port,
                    @DefaultValue("127.0.0.1") String address,
                    @DefaultValue("4096") int maxLineLength) {

    KvProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("kv.port must be between 0 and 65535 (0 picks a free port), but was " + port);
        }
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("kv.max-line-length must be at least 64 bytes, but was " + maxLineLength);
        }
    }
}
