package io.jobhook.runtime.poller.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.JobKind;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CommandApi;
import io.jobhook.api.command.CustomJobType;

/**
 * Job type name (job history's {@code JobType}) to job-type GUID ({@code JobTypeId}), the value handlers
 * are matched by. A store type's job is named {@code Capability} + kind ({@code WinCertInventory}): its
 * GUID is the store type's GUID for that kind. A custom job is named after its custom job type: its GUID
 * is that type's {@code Id}.
 *
 * <p>Both lists are read from Command once and cached; a name not found reads them again, at most once
 * per poll, so a store type created in Command is found by the next poll without hammering Command with
 * names that will never resolve. Used from the poller's thread only.
 */
final class JobTypeDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(JobTypeDirectory.class);

    private final CommandApi api;
    private Map<String, CertificateStoreType> byCapability = Map.of();
    private Map<String, UUID> customByName = Map.of();
    private boolean loaded;
    private long refreshedInPoll = -1;

    JobTypeDirectory(CommandApi api) {
        this.api = api;
    }

    /**
     * @param jobType a job history row's {@code JobType}
     * @param poll the current poll's number (a miss reads Command again only once per poll)
     * @return the job-type GUID, or empty when neither a store type nor a custom job type has that name
     * @throws io.jobhook.api.command.CommandApiException when Command cannot be read
     */
    Optional<UUID> resolve(String jobType, long poll) {
        if (jobType == null || jobType.isBlank()) {
            return Optional.empty();
        }
        if (!loaded) {
            refresh(poll);
        }
        Optional<UUID> id = lookup(jobType);
        if (id.isEmpty() && refreshedInPoll != poll) {
            LOG.debug("Job type '{}' not known: reading store types and custom job types again", jobType);
            refresh(poll);
            id = lookup(jobType);
        }
        return id;
    }

    private Optional<UUID> lookup(String jobType) {
        Optional<JobKind> kind = JobKind.ofJobTypeName(jobType);
        if (kind.isPresent()) {
            String capability = JobKind.capabilityOf(jobType).orElseThrow();
            CertificateStoreType type = byCapability.get(capability.toLowerCase(Locale.ROOT));
            if (type != null) {
                Optional<UUID> id = type.jobTypeId(kind.get());
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.ofNullable(customByName.get(jobType.toLowerCase(Locale.ROOT)));
    }

    private void refresh(long poll) {
        List<CertificateStoreType> types = api.storeTypes();
        List<CustomJobType> custom = api.customJobTypes();
        Map<String, CertificateStoreType> caps = new HashMap<>();
        for (CertificateStoreType t : types) {
            if (t.capability() != null) {
                caps.putIfAbsent(t.capability().toLowerCase(Locale.ROOT), t);
            }
        }
        Map<String, UUID> names = new HashMap<>();
        for (CustomJobType c : custom) {
            if (c.jobTypeName() != null && c.id() != null) {
                names.putIfAbsent(c.jobTypeName().toLowerCase(Locale.ROOT), c.id());
            }
        }
        byCapability = caps;
        customByName = names;
        loaded = true;
        refreshedInPoll = poll;
        LOG.debug("Read {} store type(s) and {} custom job type(s) from Command", caps.size(), names.size());
    }
}
