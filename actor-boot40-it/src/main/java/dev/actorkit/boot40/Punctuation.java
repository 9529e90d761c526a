package dev.actorkit.boot40;

import org.springframework.stereotype.Component;

/** A plain bean, injected into the process by constructor. */
@Component
public class Punctuation {

    public String mark() {
        return "!";
    }
}
