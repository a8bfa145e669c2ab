package io.jobhook.runtime.spi;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An online backup of a journal that lives in the runtime's own files (the embedded H2 journal): consistent while
 * completions keep arriving. A journal on a database server is backed up with that server's tools and does not
 * offer this service.
 *
 * @since 2.2
 */
@ProviderType
public interface JournalBackup {

    /**
     * Writes a consistent copy of the journal, as of one moment, to {@code target} (a zip file), without stopping
     * appends or deliveries.
     *
     * @param target the file to write; an existing file is refused, never overwritten
     * @return the file written
     * @throws IOException when it cannot be written (the target exists, its folder is missing or not writable)
     * @throws IllegalStateException when the journal is closed
     */
    Path backup(Path target) throws IOException;
}
