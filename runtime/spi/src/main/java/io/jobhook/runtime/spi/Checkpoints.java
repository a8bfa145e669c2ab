package io.jobhook.runtime.spi;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a source of completions that reads from somewhere else (the job history poller) keeps how far it got,
 * beside the completions it appended. Thread-safe.
 *
 * @since 2.0
 */
@ProviderType
public interface Checkpoints {

    /**
     * @param name whose checkpoint, e.g. {@code poller:https://command.example.com/KeyfactorAPI/}
     * @return the value last saved under that name
     */
    Optional<String> checkpoint(String name);

    /**
     * Saves a checkpoint. Callers advance it only after what it covers has been appended (appends are forced),
     * so a checkpoint lost in a crash only means reading some things again.
     */
    void saveCheckpoint(String name, String value);

    /**
     * Whether this runtime is, now, the one that works under {@code name} (e.g. polls the Command a checkpoint is
     * named after). Of the runtimes sharing a journal, one holds each name at a time, until it stops or loses its
     * connection to the journal; the others are refused until then, and then one of them holds it. Asked again
     * before each piece of work: a runtime that was refused may hold it now, and one that held it may have lost it.
     * A journal that serves one runtime: always.
     *
     * @since 2.1
     */
    default boolean lead(String name) {
        return true;
    }
}
