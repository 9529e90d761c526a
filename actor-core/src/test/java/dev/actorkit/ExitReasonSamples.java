package dev.actorkit;

import static dev.actorkit.ExitReason.KILLED;
import static dev.actorkit.ExitReason.NORMAL;
import static dev.actorkit.ExitReason.SHUTDOWN;

import java.util.stream.Stream;

/**
 * One exit reason of each kind, for parameterized tests of links, exit signals and monitors:
 * {@code @MethodSource("dev.actorkit.ExitReasonSamples#abnormal")}.
 */
final class ExitReasonSamples {

    private ExitReasonSamples() {
    }

    /** Every kind of reason but {@code NORMAL}: each one kills a linked process that does not trap exits. */
    static Stream<ExitReason> abnormal() {
        return Stream.of(SHUTDOWN, ExitReason.shutdown("detail"), ExitReason.error(new IllegalStateException("boom")),
                ExitReason.of("boom"), KILLED);
    }

    /** {@code NORMAL}, then {@link #abnormal()}. */
    static Stream<ExitReason> all() {
        return Stream.concat(Stream.of(NORMAL), abnormal());
    }
}
