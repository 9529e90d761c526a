package dev.actorkit.boot40;

import dev.actorkit.annotation.Process;
import dev.actorkit.annotation.Receive;

/** Greets; crashes when asked to. Counts its greetings, a count that starts again after a restart. */
@Process
public class Greeter {

    /** Answered with a greeting. */
    public record Greet(String name) {
    }

    /** Makes the handler throw. */
    public record Crash() {
    }

    private final Punctuation punctuation;
    private int greeted;

    public Greeter(Punctuation punctuation) {
        this.punctuation = punctuation;
    }

    @Receive
    String on(Greet greet) {
        greeted++;
        return "Hello, " + greet.name() + punctuation.mark() + " (" + greeted + ")";
    }

    @Receive
    void on(Crash crash) {
        throw new IllegalStateException("crash requested");
    }
}
