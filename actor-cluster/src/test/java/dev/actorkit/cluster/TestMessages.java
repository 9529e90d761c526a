package dev.actorkit.cluster;

import dev.actorkit.ProcessRef;
import java.util.List;
import java.util.Map;

/** Message types the cluster tests send between nodes. */
final class TestMessages {

    private TestMessages() {
    }

    record Echo(String text) {
    }

    record Ping(String text, ProcessRef<Object> replyTo) {
    }

    record Pong(String text) {
    }

    record Numbered(int sender, int n) {
    }

    record Crash(String why) {
    }

    record Done(int sender) {
    }

    enum Color { RED, GREEN }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(double side) implements Shape {
    }

    record Drawing(List<Shape> shapes, Map<String, Color> colors, ProcessRef<Object> owner) {
    }

    /** Never on an allow-list. */
    record Secret(String value) {
    }

    /** Reaches an open type: cannot be allowed. */
    record Loose(Object anything) {
    }

    /** Every type above that may cross. */
    static final Class<?>[] ALLOWED = {Echo.class, Ping.class, Pong.class, Numbered.class, Crash.class, Done.class,
            Color.class, Shape.class, Drawing.class};
}
