package dev.actorkit.cluster;

import dev.actorkit.ProcessRef;
import java.util.List;
import java.util.Map;

/** Message types the cluster tests send between nodes. */
public final class TestMessages {

    private TestMessages() {
    }

    public record Echo(String text) {
    }

    public record Ping(String text, ProcessRef<Object> replyTo) {
    }

    public record Pong(String text) {
    }

    public record Numbered(int sender, int n) {
    }

    public record Crash(String why) {
    }

    public record Done(int sender) {
    }

    public enum Color { RED, GREEN }

    public sealed interface Shape permits Circle, Square {
    }

    public record Circle(double radius) implements Shape {
    }

    public record Square(double side) implements Shape {
    }

    public record Drawing(List<Shape> shapes, Map<String, Color> colors, ProcessRef<Object> owner) {
    }

    /** Never on an allow-list. */
    public record Secret(String value) {
    }

    /** Reaches an open type: cannot be allowed. */
    public record Loose(Object anything) {
    }

    /** Every type above that may cross. */
    public static final Class<?>[] ALLOWED = {Echo.class, Ping.class, Pong.class, Numbered.class, Crash.class, Done.class,
            Color.class, Shape.class, Drawing.class};
}
