package dev.actorkit.sample;

import dev.actorkit.ExitReason;
import dev.actorkit.ProcessContext;
import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * client's leaving is ignored. The {@link Acceptor} closes the socket when this process ends, even if it
 * was killed.
 */
@Process(blocking = true)
class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final byte[] CRLF = {'\r', '\n'};

    /** The first and only message: the client to serve. */
    record Serve(Socket socket) {
    }

    private final KeyValueStore store;
    private final int maxLineLength;

    Connection(KeyValueStore store, KvProperties properties) {
        this.store = store;
        this.maxLineLength = properties.maxLineLength();
    }

    @Receive
    void on(Serve serve, ProcessContext ctx) {
        try (Socket socket = serve.socket()) {
            LineReader lines = new LineReader(new BufferedInputStream(socket.getInputStream()), maxLineLength);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            try {
                for (String line = lines.next(); line != null; line = lines.next()) {
                    write(out, respond(Command.parse(line)));
                }
            } catch (BadLine bad) {
                write(out, "ERROR " + bad.getMessage());
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

    private static void write(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        out.flush();
    }

    /** A line the protocol refuses; the message is what the client is told. */
    static final class BadLine extends IOException {
        BadLine(String message) {
            super(message);
        }
    }

    /**
     * Reads lines ended by LF (a CR before it is dropped), as bytes first, so a client that never sends
     * a line end costs at most {@code max} bytes. Not thread-safe: one per connection.
     */
    static final class LineReader {

        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineReader(InputStream in, int max) {
            this.in = in;
            this.max = max;
        }

        /** The next line without its line end, or null when the stream ends (a partial last line is dropped). */
        @Nullable String next() throws IOException {
            line.reset();
            for (int b = in.read(); b != -1; b = in.read()) {
                if (b == '\n') {
                    return decode();
                }
                if (line.size() == max + 1) { // room for the CR of CRLF
                    throw new BadLine("line longer than " + max + " bytes");
                }
                line.write(b);
            }
            if (line.size() > 0) {
                LOG.debug("Client left in the middle of a line; dropped {} bytes", line.size());
            }
            return null;
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
