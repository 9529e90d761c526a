package dev.actorkit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Owns the TCP server socket on {@code kv.port}, for the {@link Acceptor} process. It outlives the
 * acceptor's incarnations: an acceptor that was killed cannot close its socket, so {@link #open()}
 * closes whatever the previous incarnation left before it binds again, on the same port (with
 * {@code kv.port=0}, the port first picked). The port is published as the property {@code local.kv.port},
 * as Spring Boot publishes {@code local.server.port}.
 *
 * <p>Concurrency: thread-safe; {@link #open()}, {@link #close()} and {@link #port()} hold the monitor,
 * so an opening and a closing never interleave. The socket's {@code accept} runs outside it.
 */
@Component
class KvListener {

    private static final Logger LOG = LoggerFactory.getLogger(KvListener.class);

    /** How often, and how far apart, a new acceptor tries to bind while its predecessor's socket closes. */
    private static final int TAKEOVER_ATTEMPTS = 40;
    private static final Duration TAKEOVER_PAUSE = Duration.ofMillis(25);

    private final KvProperties properties;
    private final ConfigurableEnvironment environment;
    private @Nullable ServerSocket socket;
    private int port;
    /** A previous acceptor listened: its socket may still hold the port for a moment. */
    private boolean openedBefore;

    KvListener(KvProperties properties, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.environment = environment;
        this.port = properties.port();
    }

    /** Closes the socket a previous acceptor left open, if any, and listens anew. */
    synchronized ServerSocket open() {
        close();
        for (int attempt = 1; ; attempt++) {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                bind(server);
                port = server.getLocalPort();
                socket = server;
                openedBefore = true;
                environment.getPropertySources().addFirst(new MapPropertySource("kv.local", Map.of("local.kv.port", port)));
                LOG.info("Key-value store listening on {}:{}", properties.address(), port);
                return server;
            } catch (BindException busy) {
                // A killed acceptor's accept can hold the port for a moment after its socket is closed.
                if (!openedBefore || attempt == TAKEOVER_ATTEMPTS) {
                    throw new UncheckedIOException("cannot listen on " + properties.address() + ":" + port
                            + "; is another server on that port? Set kv.port to a free port, or 0 to pick one", busy);
                }
                pause();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + properties.address() + ":" + port, e);
            }
        }
    }

    private void bind(ServerSocket server) throws IOException {
        try {
            server.bind(new InetSocketAddress(properties.address(), port));
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(TAKEOVER_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the port to be free", e);
        }
    }

    /** The port listened on; with {@code kv.port=0}, known once the acceptor has started. */
    synchronized int port() {
        return port;
    }

    /** Stops listening; an {@code accept} in progress fails. */
    synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.warn("Could not close the server socket on port {}", port, e);
            }
            socket = null;
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String http = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        LOG.info("""
                Ready. Talk to the store:
                    nc localhost {}                                  (then type: CREATE shopping)
                    curl -X POST localhost:{}/buckets/shopping
                    curl localhost:{}/actuator/processes""", port(), http, http);
    }
}
