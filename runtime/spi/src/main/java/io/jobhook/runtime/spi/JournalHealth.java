package io.jobhook.runtime.spi;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether the journal can take writes now, asked by health checks as often as probes come. Thread-safe.
 *
 * @since 2.0
 */
@ProviderType
public interface JournalHealth {

    /**
     * Answers from what the journal already knows (it is open, its last write did not fail, its store is reachable),
     * without writing anything.
     *
     * @return why appends would fail now, or empty when they would not
     */
    Optional<String> writeProblem();

    /**
     * @return the runtimes sharing this journal, this one among them, by name; empty for a journal that serves one
     * @since 2.1
     */
    default List<JournalNode> nodes() {
        return List.of();
    }
}
