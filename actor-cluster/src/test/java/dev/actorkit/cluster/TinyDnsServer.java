package dev.actorkit.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server for tests, over UDP on 127.0.0.1: it answers A queries for the names it was given with
 * 127.0.0.1, and every other question with "no such name". Just enough of RFC 1035 for JGroups' DNS_PING
 * (through the JDK's JNDI DNS client); it never asks another server.
 *
 * <p>Concurrency: one virtual thread answers; records may be added from any thread.
 */
public final class TinyDnsServer implements AutoCloseable {

    private static final int TYPE_A = 1;

    private final DatagramSocket socket;
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    /** The questions asked, as "TYPE name", for assertions. */
    public final List<String> questions = new CopyOnWriteArrayList<>();

    public TinyDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("tiny-dns").start(this::serve);
    }

    /** "127.0.0.1:port", for {@code ClusterConfig.builder(..).dnsServer(...)}. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Makes {@code name} resolve to 127.0.0.1 (one A record). */
    public void host(String name) {
        hosts.add(normal(name));
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] answer = answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (!socket.isClosed()) {
                    System.err.println("tiny DNS server: " + e);
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) {
        int id = query.getShort(0) & 0xffff;
        query.position(12);
        String name = readName(query);
        int type = query.getShort() & 0xffff;
        int questionEnd = query.position() + 2; // and the class
        questions.add((type == TYPE_A ? "A " : "type " + type + " ") + name);

        List<byte[]> records = new ArrayList<>();
        if (type == TYPE_A && hosts.contains(name)) {
            records.add(new byte[] {127, 0, 0, 1});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, records.isEmpty() ? 0x8583 : 0x8580); // response, authoritative; NXDOMAIN when empty
        writeShort(out, 1);
        writeShort(out, records.size());
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(query.array(), query.arrayOffset() + 12, questionEnd - 12);
        for (byte[] data : records) {
            writeShort(out, 0xc00c); // the question's name
            writeShort(out, type);
            writeShort(out, 1); // IN
            writeShort(out, 0);
            writeShort(out, 0); // TTL 0: never cached
            writeShort(out, data.length);
            out.write(data, 0, data.length);
        }
        return out.toByteArray();
    }

    private static String readName(ByteBuffer buffer) {
        StringBuilder name = new StringBuilder();
        for (int length = buffer.get() & 0xff; length > 0; length = buffer.get() & 0xff) {
            byte[] label = new byte[length];
            buffer.get(label);
            name.append(name.isEmpty() ? "" : ".").append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return normal(name.toString());
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }

    private static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public void close() {
        socket.close();
    }
}
