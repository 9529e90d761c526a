package dev.actorkit;

/**
 * The code of a blocking-style process: it runs on its own virtual thread and reads its mailbox with
 * {@link ProcessContext#receive()}. Returning exits the process with {@link ExitReason#NORMAL};
 * throwing exits it with {@link ExitReason#error(Throwable)}.
 */
@FunctionalInterface
public interface ProcessBody {

    /**
     * Runs the process.
     *
     * @param ctx the process's own context; valid only on the process's thread
     * @throws Exception any exception, which ends the process with {@code error(e)}
     */
    void run(ProcessContext ctx) throws Exception;
}
