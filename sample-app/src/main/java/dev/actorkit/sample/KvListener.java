package dev.actorkit.sample;

import dev.actorkit.ProcessRef;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Owns the TCP server's sockets, for the {@link Acceptor} and {@link Connection} processes: the server
 * socket on {@code kv.port} and every client socket accepted from it. It outlives the acceptor's
 * incarnations and the connections' processes, so no socket depends on a process that may be killed:
 *
 * <ul>
 *   <li>{@link #open()} closes whatever server socket a previous acceptor left before it binds again, on
 *       the same port (with {@code kv.port=0}, the port first picked), and closes the clients that
 *       acceptor had accepted but not yet handed to a connection.</li>
 *   <li>A client handed to a connection ({@link #handOver}) is closed when that process ends, however
 *       it ends: a killed process runs no code of its own.</li>
 *   <li>A client whose answer cannot be sent within {@code kv.send-timeout} is closed
 *       ({@link #closeUnlessSentWithin}), which ends the blocked write.</li>
 * </ul>
 *
 * <p>The port is published as the property {@code local.kv.port}, as Spring Boot publishes
 * {@code local.server.port}; the open client sockets as the gauge {@code kv.connections}. Server
 * sockets come from a {@link ServerSocketFactory} bean if the application defines one (a test's makes
 * {@code accept} fail), else from the JDK's default one.
 *
 * <p>Concurrency: thread-safe. {@link #open()}, {@link #close()}, {@link #adopt} and {@link #port()}
 * hold the monitor, so an opening, a closing and an adoption never interleave; the socket's
 * {@code accept} runs outside it. The client sockets are in concurrent collections, as processes
 * ending on any thread remove theirs.
 */
@Component
class KvListener implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(KvListener.class);

    /** How often, and how far apart, a new acceptor tries to bind while its predecessor's socket closes. */
    private static final int TAKEOVER_ATTEMPTS = 40;
    private static final Duration TAKEOVER_PAUSE = Duration.ofMillis(25);

    private final KvProperties properties;
    private final ConfigurableEnvironment environment;
    private final ServerSocketFactory serverSockets;
    private @Nullable ServerSocket socket;
    private int port;
    /** A previous acceptor listened: its socket may still hold the port for a moment. */
    private boolean openedBefore;
    /** Clients accepted and not yet handed to a connection. */
    private final Set<Socket> unserved = ConcurrentHashMap.newKeySet();
    /** Clients served, by the connection process that serves each. */
    private final Map<Socket, ProcessRef<?>> served = new ConcurrentHashMap<>();
    /** Closes clients whose answers are not sent in time; a platform thread, as it only runs short tasks. */
    private final ScheduledThreadPoolExecutor sendTimeouts;

    KvListener(KvProperties properties, ConfigurableEnvironment environment,
               ObjectProvider<ServerSocketFactory> serverSockets) {
        this.properties = properties;
        this.environment = environment;
        this.serverSockets = serverSockets.getIfAvailable(ServerSocketFactory::getDefault);
        this.port = properties.port();
        this.sendTimeouts = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("kv-send-timeouts").daemon().factory());
        this.sendTimeouts.setRemoveOnCancelPolicy(true); // most sends finish in time: drop their tasks at once
    }

    /**
     * Closes the server socket a previous acceptor left open, if any, and the clients it had not handed
     * over, and listens anew.
     */
    synchronized ServerSocket open() {
        close();
        unserved.forEach(this::closeUnserved);
        for (int attempt = 1; ; attempt++) {
            try {
                ServerSocket server = serverSockets.createServerSocket();
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
            server.bind(new InetSocketAddress(properties.address(), port), properties.backlog());
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

    /**
     * Takes charge of a client just accepted from {@code from}, until {@link #handOver}. If {@code from}
     * no longer listens (a new acceptor has taken over), the client is closed at once.
     *
     * @return false if the client was closed
     */
    synchronized boolean adopt(ServerSocket from, Socket client) {
        if (from != socket) {
            closeQuietly(client);
            return false;
        }
        unserved.add(client);
        return true;
    }

    /** From now on {@code connection} serves {@code client}; the client is closed when that process ends. */
    void handOver(Socket client, ProcessRef<?> connection) {
        served.put(client, connection);
        unserved.remove(client);
        connection.termination().whenComplete((reason, never) -> {
            served.remove(client);
            closeQuietly(client);
        });
    }

    /**
     * Closes {@code client} unless the returned future is cancelled within {@code timeout}: a guard for
     * a blocking write, which has no timeout of its own. Closing the socket makes the write fail.
     */
    Future<?> closeUnlessSentWithin(Socket client, Duration timeout) {
        return sendTimeouts.schedule(() -> {
            LOG.debug("Closing a client that has not read its answers for {} ms", timeout.toMillis());
            closeQuietly(client);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes a client that no connection serves (one the acceptor refused, or held when it stopped). */
    void closeUnserved(Socket client) {
        unserved.remove(client);
        closeQuietly(client);
    }

    /** The connection processes serving clients now. */
    List<ProcessRef<?>> connections() {
        return List.copyOf(served.values());
    }

    /** Client sockets open now: served, or accepted and waiting for a connection. */
    int openClients() {
        return unserved.size() + served.size();
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

    /** Closes every client socket; their connections then end at once. */
    void closeClients() {
        unserved.forEach(this::closeUnserved);
        served.keySet().forEach(KvListener::closeQuietly);
    }

    @PreDestroy
    void stop() {
        closeClients();
        sendTimeouts.shutdownNow();
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("Closing a client socket failed: {}", e.toString());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kv.connections", this, KvListener::openClients)
                .description("Client sockets of the key-value store's TCP server open now")
                .register(registry);
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
