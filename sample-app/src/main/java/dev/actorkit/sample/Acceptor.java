package dev.actorkit.sample;

import dev.actorkit.Down;
import dev.actorkit.Exit;
import dev.actorkit.ExitReason;
import dev.actorkit.MonitorRef;
import dev.actorkit.ProcessContext;
import dev.actorkit.ProcessRef;
import dev.actorkit.annotation.Init;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import dev.actorkit.annotation.Terminate;
import dev.actorkit.autoconfigure.DynamicProcesses;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP clients, the guide's {@code KVServer.accept/1}, and starts a {@link Connection} process for
 * each under the {@code connections} dynamic supervisor.
 *
 * <p>The blocking {@code accept} runs in a linked helper process, so this one stays free to handle the
 * {@link Down} of each connection it monitors: it closes that connection's socket, which a killed
 * connection could not do itself. It traps exits, so that its {@code @Terminate} runs at shutdown
 * (closing the server socket and every client's; after a crash, only the server socket) and so that
 * its helper's normal end is not fatal. A helper that fails makes it crash, and its supervisor restarts
 * both. The connections are not its children: they outlive its crashes.
 */
@Process(trapExits = true)
class Acceptor {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    /** From the helper: a client to serve. */
    record Accepted(Socket socket) {
    }

    private final KvListener listener;
    private final DynamicProcesses<Connection> connections;
    private final Map<MonitorRef, Socket> open = new HashMap<>();

    Acceptor(KvListener listener, DynamicProcesses<Connection> connections) {
        this.listener = listener;
        this.connections = connections;
    }

    @Init
    void init(ProcessContext ctx) {
        ServerSocket server = listener.open();
        ProcessRef<Object> self = ctx.self();
        ctx.spawnLink(helper -> acceptLoop(server, self));
    }

    private static void acceptLoop(ServerSocket server, ProcessRef<Object> acceptor) throws IOException {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // shutting down, or a new acceptor took over the port
                }
                throw e;
            }
            acceptor.send(new Accepted(client));
        }
    }

    @Receive
    void on(Accepted accepted, ProcessContext ctx) {
        Socket socket = accepted.socket();
        ProcessRef<Connection> connection;
        try {
            connection = connections.start();
        } catch (RuntimeException refused) {
            LOG.warn("Refused a client: {}", refused.toString());
            refuse(socket);
            return;
        }
        open.put(ctx.monitor(connection), socket);
        connection.send(new Connection.Serve(socket));
    }

    @Receive
    void on(Down down) {
        Socket socket = open.remove(down.ref());
        if (socket != null) {
            close(socket);
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
        if (reason.equals(ExitReason.SHUTDOWN) || reason instanceof ExitReason.Shutdown) {
            open.values().forEach(Acceptor::close); // lets the connections finish at once
        }
    }

    private static void refuse(Socket socket) {
        try (socket) {
            socket.getOutputStream().write("ERROR too many connections\r\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Could not tell a refused client: {}", e.toString());
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a client socket failed: {}", e.toString());
        }
    }
}
