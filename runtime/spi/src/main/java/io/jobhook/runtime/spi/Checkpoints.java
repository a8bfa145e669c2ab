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
}
