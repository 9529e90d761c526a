package dev.actorkit.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TCP server's settings, under {@code kv.*}. Immutable.
 *
 * @param port          TCP port of the text protocol; 0 picks a free one (the log says which)
 * @param address       address the server listens on; loopback by default, as the store has no authentication
 * @param maxLineLength longest command line accepted, in bytes without the line end; a longer one closes the connection
 * @param idleTimeout   how long a client may send nothing at all before its connection is closed
 * @param lineTimeout   how long a command line may take from its first byte to its line end; a client
 *                      that sends slower than that (a byte now and then, never a line end) is closed
 * @param sendTimeout   how long writing an answer may take; a client that does not read its answers, so that
 *                      they fill the socket's buffers, is closed
 * @param backlog       clients the operating system keeps waiting to be accepted, for example while
 *                      the {@code connections} supervisor runs its {@code max-children}; the
 *                      operating system may cap it (Linux: {@code net.core.somaxconn})
 */
@ConfigurationProperties("kv")
record KvProperties(@DefaultValue("4040") int port,
                    @DefaultValue("127.0.0.1") String address,
                    @DefaultValue("4096") int maxLineLength,
                    @DefaultValue("5m") Duration idleTimeout,
                    @DefaultValue("10s") Duration lineTimeout,
                    @DefaultValue("30s") Duration sendTimeout,
                    @DefaultValue("1024") int backlog) {

    KvProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("kv.port must be between 0 and 65535 (0 picks a free port), but was " + port);
        }
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("kv.max-line-length must be at least 64 bytes, but was " + maxLineLength);
        }
        requireAtLeastAMillisecond("kv.idle-timeout", idleTimeout);
        requireAtLeastAMillisecond("kv.line-timeout", lineTimeout);
        requireAtLeastAMillisecond("kv.send-timeout", sendTimeout);
        if (backlog < 1) {
            throw new IllegalArgumentException("kv.backlog must be at least 1 waiting client, but was " + backlog);
        }
    }

    private static void requireAtLeastAMillisecond(String property, Duration timeout) {
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException(property + " must be at least 1ms (for example 500ms, 10s or 5m), but was "
                    + timeout);
        }
    }
}
