package dev.actorkit.autoconfigure;

import dev.actorkit.InvalidProcessClassException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code @Process} class that breaks a rule of the programming model (found when the tree starts
 * its first incarnation, still during the application's start-up): the runtime's message names the class, the
 * method and the fix.
 */
class InvalidProcessClassFailureAnalyzer extends AbstractFailureAnalyzer<InvalidProcessClassException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidProcessClassException cause) {
        String description = "Invalid @Process class:\n\n    Problem: " + cause.getMessage() + "\n";
        return new FailureAnalysis(description, "Change the class as the problem says; the rules of @Process classes"
                + " are in docs/annotated-processes.md.", cause);
    }
}
