package io.jobhook.runtime.spi;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The journal as operators read it: recent completions, one completion with its deliveries and every attempt,
 * dead letters. Reads only. Thread-safe.
 *
 * @since 2.0
 */
@ProviderType
public interface EventHistory {

    /** @return the completion, if journaled and not yet purged */
    Optional<JournaledCompletion> completion(UUID eventId);

    /** @return the deliveries of one completion, by handler identity */
    List<Delivery> deliveries(UUID eventId);

    /** @return the attempts of one completion, in the order they ended */
    List<Attempt> attempts(UUID eventId);

    /** @return the completions that match {@code query}, newest first */
    List<JournaledCompletion> recent(EventQuery query);

    /** @return the dead letters (FAILED deliveries) of a handler identity, or of every handler for null, newest first */
    List<Delivery> deadLetters(String handler, int limit);
}
