package dev.actorkit.sample;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one TCP client, the guide's {@code KVServer.serve/1}: reads a command per line, answers it and
 * reads the next, until the client leaves. One process per connection, started by the {@link Acceptor}
 * under the {@code connections} dynamic supervisor (restart temporary: a connection that ends is not
 * restarted). Blocking, as it waits on its socket.
 *
 * <p>What the client sends cannot crash the server: a line longer than {@code kv.max-line-length}, or
 * that is not UTF-8, gets an {@code ERROR} line and the connection is closed; a line cut off by the
 * client's leaving is ignored. Nor can a client keep its connection's slot by sending nothing, or too
 * little: after {@code kv.idle-timeout} without a byte, or {@code kv.line-timeout} after the first byte
 * of a line that has not ended, it gets an {@code ERROR} line and is closed. Both bound each read (a
 * socket read timeout), so they hold for a client that sends a byte now and then. A client that does not
 * read its answers is closed once an answer has waited {@code kv.send-timeout} to be sent. The
 * {@link KvListener} closes the socket when this process ends, even if it was killed.
 *
 * <p>Concurrency: one handler runs at a time, on this process's virtual thread; the only other thread
 * that touches the socket is the send-timeout guard's, which closes it ({@link Socket#close()} is
 * thread-safe, and makes the blocked write fail).
 */
@Process(blocking = true)
class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final byte[] CRLF = {'\r', '\n'};

    /** The first and only message: the client to serve. */
    record Serve(Socket socket) {
    }

    private final KeyValueStore store;
    private final KvProperties properties;
    private final KvListener listener;

    Connection(KeyValueStore store, KvProperties properties, KvListener listener) {
        this.store = store;
        this.properties = properties;
        this.listener = listener;
    }

    @Receive
    void on(Serve serve, ProcessContext ctx) {
        try (Socket socket = serve.socket()) {
            LineReader lines = new LineReader(socket, properties);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            try {
                for (String line = lines.next(); line != null; line = lines.next()) {
                    write(socket, out, respond(Command.parse(line)));
                }
            } catch (BadLine bad) {
                write(socket, out, "ERROR " + bad.getMessage());
            }
        } catch (IOException gone) {
            LOG.debug("Connection ended: {}", gone.toString());
        }
        ctx.exit(ExitReason.NORMAL);
    }

    private String respond(Command command) {
        try {
            return switch (command) {
                case Command.Create(String bucket) -> {
                    store.create(bucket);
                    yield "OK";
                }
                case Command.Get(String bucket, String key) -> store.get(bucket, key).orElse("") + "\r\nOK";
                case Command.Put(String bucket, String key, String value) -> {
                    store.put(bucket, key, value);
                    yield "OK";
                }
                case Command.Delete(String bucket, String key) -> {
                    store.delete(bucket, key);
                    yield "OK";
                }
                case Command.Unknown unknown -> "UNKNOWN COMMAND";
            };
        } catch (KeyValueStore.NotFound notFound) {
            return "NOT FOUND";
        } catch (KeyValueStore.Unavailable unavailable) {
            LOG.warn("Answering ERROR: {}", unavailable.getMessage());
            return "ERROR " + unavailable.getMessage();
        }
    }

    /** Writes an answer; a client that does not take it within the send timeout is closed. */
    private void write(Socket socket, OutputStream out, String response) throws IOException {
        Future<?> guard = listener.closeUnlessSentWithin(socket, properties.sendTimeout());
        try {
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.write(CRLF);
            out.flush();
        } finally {
            guard.cancel(false);
        }
    }

    /** A duration as the settings are written: {@code 500ms}, {@code 10s}, {@code 5m}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** A line the protocol refuses, or a client too slow to send one; the message is what the client is told. */
    static final class BadLine extends IOException {
        BadLine(String message) {
            super(message);
        }
    }

    /**
     * Reads lines ended by LF (a CR before it is dropped), as bytes first, so a client that never sends
     * a line end costs at most {@code max} bytes. Each read from the socket waits at most the idle
     * timeout and never past the deadline of the line begun, so a client that sends a byte now and then
     * cannot stretch a line beyond the line timeout. Not thread-safe: one per connection.
     */
    static final class LineReader {

        private final Socket socket;
        private final InputStream in;
        private final int max;
        private final Duration idleTimeout;
        private final Duration lineTimeout;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineReader(Socket socket, KvProperties properties) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.max = properties.maxLineLength();
            this.idleTimeout = properties.idleTimeout();
            this.lineTimeout = properties.lineTimeout();
        }

        /** The next line without its line end, or null when the stream ends (a partial last line is dropped). */
        @Nullable String next() throws IOException {
            line.reset();
            long deadline = 0; // System.nanoTime() by which the line must end, once its first byte is read
            boolean begun = false;
            while (true) {
                if (position == limit && !fill(begun, deadline)) {
                    if (line.size() > 0) {
                        LOG.debug("Client left in the middle of a line; dropped {} bytes", line.size());
                    }
                    return null;
                }
                byte b = buffer[position++];
                if (!begun) {
                    begun = true;
                    deadline = System.nanoTime() + lineTimeout.toNanos();
                }
                if (b == '\n') {
                    return decode();
                }
                if (line.size() == max + 1) { // room for the CR of CRLF
                    throw new BadLine("line longer than " + max + " bytes");
                }
                line.write(b);
            }
        }

        /**
         * Reads what the client has sent, waiting at most the idle timeout and, within a line, not past
         * its deadline.
         *
         * @return false at the end of the stream
         */
        private boolean fill(boolean withinLine, long deadline) throws IOException {
            long wait = idleTimeout.toNanos();
            boolean deadlineFirst = false;
            if (withinLine) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BadLine("line not finished within " + format(lineTimeout));
                }
                if (left < wait) {
                    wait = left;
                    deadlineFirst = true;
                }
            }
            // Rounded up: 0 would mean no timeout at all.
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (wait + 999_999) / 1_000_000)));
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException timedOut) {
                throw deadlineFirst
                        ? new BadLine("line not finished within " + format(lineTimeout))
                        : new BadLine("idle for " + format(idleTimeout));
            }
            if (read == -1) {
                return false;
            }
            position = 0;
            limit = read;
            return true;
        }

        private String decode() throws BadLine {
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (length > max) {
                throw new BadLine("line longer than " + max + " bytes");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new BadLine("line is not UTF-8 text");
            }
        }
    }
}
