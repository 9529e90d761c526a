package dev.actorkit.sample;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.autoconfigure.DynamicProcesses;
import dev.actorkit.supervisor.SupervisorException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP clients, the guide's {@code KVServer.accept/1}, and starts a {@link Connection} process for
 * each under the {@code connections} dynamic supervisor. Hardened as Ranch's acceptors are:
 *
 * <ul>
 *   <li>The blocking {@code accept} runs in a linked helper process, which accepts one client, hands it
 *       over and waits for this process to say {@link AcceptNext}. When {@code connections} runs its
 *       {@code max-children}, this process keeps the client it was handed and does not say it: nothing
 *       more is accepted (new clients wait in the operating system's backlog) until a connection ends,
 *       which its {@link Down} tells this process, and the kept client is served.</li>
 *   <li>A failing {@code accept} (too many open files, for one) does not end the helper: it waits,
 *       twice as long after each failure in a row up to a second, and accepts again. The port stays
 *       open, and the supervisor's restart intensity is not spent on a condition that passes.</li>
 *   <li>Client sockets belong to the {@link KvListener}, which closes each when its connection ends,
 *       killed or not, and, when an acceptor starts, those its killed predecessor had not handed over.</li>
 * </ul>
 *
 * <p>It traps exits, so that its {@code @Terminate} runs at shutdown (closing the server socket and
 * every client's; after a crash, only the server socket) and so that its helper's normal end is not
 * fatal. A helper that fails makes it crash, and its supervisor restarts both. The connections are not
 * its children: they outlive its crashes, and the next incarnation monitors them.
 *
 * <p>Concurrency: the handlers run one at a time, in this process. The helper runs {@link #acceptLoop}, a
 * static method that shares no state with this instance: it talks to it by messages, and uses only the
 * thread-safe {@link KvListener}.
 */
@Process(trapExits = true)
class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    /** The pause after the first failed {@code accept}; it doubles with each failure in a row. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    /** The longest pause between two failed {@code accept}s. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    /**
     * How soon to start a connection again when {@code connections} still counted one that had ended: its
     * {@link Down} can reach this process before its exit reaches the supervisor.
     */
    private static final Duration RETRY_SOON = Duration.ofMillis(5);
    private static final int RETRIES_PER_DOWN = 200;

    /** From the helper: a client to serve. */
    record Accepted(Socket socket) {
    }

    /** To the helper: the client it handed over is being served; accept the next one. */
    record AcceptNext() {
    }

    /** To itself: try again to serve the kept client. */
    private record ServeKept() {
    }

    private final KvListener listener;
    private final DynamicProcesses<Connection> connections;
    private @Nullable ProcessRef<Object> helper;
    /** A client accepted while {@code connections} ran its max-children; it waits for a connection to end. */
    private @Nullable Socket kept;
    /** Starts left to try, soon one after the other, since a connection ended while a client was kept. */
    private int retriesLeft;

    Acceptor(KvListener listener, DynamicProcesses<Connection> connections) {
        this.listener = listener;
        this.connections = connections;
    }

    @Init
    void init(ProcessContext ctx) {
        ServerSocket server = listener.open();
        listener.connections().forEach(ctx::monitor); // a predecessor's: their ends free slots for this one too
        ProcessRef<Object> self = ctx.self();
        helper = ctx.spawnLink(helperContext -> acceptLoop(server, listener, self, helperContext));
    }

    /** The helper's body: accepts a client, hands it to the acceptor, waits for {@link AcceptNext}. */
    private static void acceptLoop(ServerSocket server, KvListener listener, ProcessRef<Object> acceptor,
                                   ProcessContext ctx) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // shutting down, or a new acceptor took over the port
                }
                LOG.warn("Accepting a client on port {} failed; trying again in {} ms: {}",
                        server.getLocalPort(), backoff.toMillis(), e.toString());
                ctx.receive(nothing -> false, backoff); // Erlang's receive after: waits, takes no message
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
                continue;
            }
            backoff = FIRST_BACKOFF;
            if (!listener.adopt(server, client)) {
                return; // a new acceptor took over the port, and closed that client
            }
            acceptor.send(new Accepted(client));
            Object next = ctx.receive(); // as long as it takes: connections run their max-children meanwhile
            if (!(next instanceof AcceptNext)) {
                throw new IllegalStateException("the accept loop expected AcceptNext, but got " + next);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Receive
    void on(Accepted accepted, ProcessContext ctx) {
        if (serve(accepted.socket(), ctx)) {
            acceptNext();
        } else {
            kept = accepted.socket();
            LOG.debug("connections runs its max-children; accepting again when a connection ends");
        }
    }

    @Receive
    void on(Down down, ProcessContext ctx) {
        if (kept != null) {
            retriesLeft = RETRIES_PER_DOWN;
            serveKept(ctx);
        }
    }

    @Receive
    void on(ServeKept retry, ProcessContext ctx) {
        if (kept != null) {
            serveKept(ctx);
        }
    }

    private void serveKept(ProcessContext ctx) {
        Socket client = kept;
        if (client != null && serve(client, ctx)) {
            kept = null;
            acceptNext();
        } else if (retriesLeft-- > 0) {
            ctx.sendAfter(new ServeKept(), RETRY_SOON);
        }
    }

    /**
     * Starts a connection for the client and hands it over; when no connection may start now, leaves
     * the client as it is.
     *
     * @return false if {@code connections} runs its max-children
     */
    private boolean serve(Socket client, ProcessContext ctx) {
        ProcessRef<Connection> connection;
        try {
            connection = connections.start();
        } catch (SupervisorException full) {
            if (full.reason() == SupervisorException.Reason.MAX_CHILDREN) {
                return false;
            }
            refuse(client, full);
            return true;
        } catch (RuntimeException cannotStart) {
            refuse(client, cannotStart);
            return true;
        }
        ctx.monitor(connection);
        listener.handOver(client, connection);
        connection.send(new Connection.Serve(client));
        return true;
    }

    private void acceptNext() {
        if (helper != null) {
            helper.send(new AcceptNext());
        }
    }

    @Receive
    void on(Exit exit) {
        if (!exit.reason().equals(ExitReason.NORMAL)) {
            throw new IllegalStateException("the accept loop on port " + listener.port() + " failed: " + exit.reason());
        }
    }

    @Terminate
    void terminate(ExitReason reason) {
        listener.close();
        if (kept != null) {
            listener.closeUnserved(kept);
        }
        if (reason.equals(ExitReason.SHUTDOWN) || reason instanceof ExitReason.Shutdown) {
            listener.closeClients(); // lets the connections finish at once
        }
    }

    /** Tells a client that no connection could start for it, and closes it. */
    private void refuse(Socket client, RuntimeException why) {
        LOG.warn("Refused a client: {}", why.toString());
        try {
            OutputStream out = client.getOutputStream();
            out.write("ERROR the server cannot serve a client now; try again\r\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Could not tell a refused client: {}", e.toString());
        } finally {
            listener.closeUnserved(client);
        }
    }
}
