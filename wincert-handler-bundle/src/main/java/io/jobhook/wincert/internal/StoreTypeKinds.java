package io.jobhook.wincert.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.JobKind;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CommandApiException;

/**
 * Tells which kind of job a job-type GUID is, from the store types Command defines, asking Command once
 * per store type and Command instance. Thread-safe.
 */
final class StoreTypeKinds {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTypeKinds.class);

    private final Map<String, Optional<CertificateStoreType>> cache = new ConcurrentHashMap<>();

    /**
     * @return the kind of {@code jobTypeId} among the named store types' job types, or empty when none of
     *         them has it, or Command cannot tell now
     */
    Optional<JobKind> kindOf(CommandApi client, Iterable<String> storeTypes, UUID jobTypeId) {
        for (String name : storeTypes) {
            Optional<JobKind> kind = storeType(client, name).flatMap(t -> t.kindOf(jobTypeId));
            if (kind.isPresent()) {
                return kind;
            }
        }
        return Optional.empty();
    }

    private Optional<CertificateStoreType> storeType(CommandApi client, String name) {
        String key = client.baseUri() + "|" + name.toLowerCase(Locale.ROOT);
        Optional<CertificateStoreType> known = cache.get(key);
        if (known != null) {
            return known;
        }
        try {
            Optional<CertificateStoreType> found = client.storeTypeByName(name);
            cache.put(key, found);
            return found;
        } catch (CommandApiException e) {
            // Not cached: the next job asks again. The job type's name still tells the kind.
            LOG.debug("Store type {} could not be read ({}); telling the kind from the job type's name", name,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
