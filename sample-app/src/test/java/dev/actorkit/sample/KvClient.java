package dev.actorkit.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A TCP client of the text protocol for tests, as {@code nc} would be: writes CRLF lines, reads answer
 * lines. Reads give up after 10 s unless told otherwise, so a server that stays silent fails the test instead of hanging it.
 * Not thread-safe: one per thread.
 */
public final class KvClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    public KvClient(int port) {
        this(port, Duration.ofSeconds(10));
    }

    /** A client whose connecting, and each of its reads, give up after {@code readTimeout}. */
    public KvClient(int port, Duration readTimeout) {
        try {
            socket = new Socket();
            int timeout = Math.toIntExact(readTimeout.toMillis());
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeout);
            socket.setSoTimeout(timeout);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command and reads its answer: one line, or two for a {@code GET} that found its bucket. */
    public String send(String command) {
        write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        String first = readLine();
        if (command.startsWith("GET ") && !first.equals("NOT FOUND") && !first.startsWith("ERROR")
                && !first.equals("UNKNOWN COMMAND")) {
            return first + "\n" + readLine();
        }
        return first;
    }

    /** Sends bytes as they are. */
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next answer line without its CRLF. */
    public String readLine() {
        String line = readLineOrEnd();
        if (line == null) {
            throw new AssertionError("the server closed the connection instead of answering");
        }
        return line;
    }

    /** True if an answer, or the end of the stream, can be read without waiting. */
    public boolean hasAnswer() {
        try {
            return in.ready();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the server has closed the connection: the next read finds the end of the stream (or a reset). */
    public boolean isClosedByServer() {
        return readLineOrEnd() == null;
    }

    private @Nullable String readLineOrEnd() {
        try {
            return in.readLine();
        } catch (SocketException reset) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the end of the stream (a half close), as a client that leaves does, and can still read. */
    public void finish() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves at once with a TCP reset instead of a normal close. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
