package io.jobhook.runtime.spi;

import java.util.List;
import java.util.UUID;

/**
 * A handler identity as the dispatcher sees it, for operators.
 *
 * @param identity its identity
 * @param bundle the symbolic name of the bundle that registered it last
 * @param version that bundle's version
 * @param present whether a service of it is registered now (false while its bundle is updated or after it went)
 * @param jobTypes the job-type GUIDs it matches, its own and those resolved from its store types
 * @param storeTypes its store types, as configured
 * @param unresolvedStoreTypes those of its store types Command has not (yet) told the GUIDs of
 * @param successes attempts that returned true since the runtime started
 * @param failures attempts that returned false or threw
 * @param timeouts attempts that ran past their deadline
 * @param queueDepth deliveries waiting in memory now
 * @param inFlight attempts running now
 * @param lastError the last failure's description, or null
 */
public record HandlerStatus(String identity, String bundle, String version, boolean present, List<UUID> jobTypes,
        List<String> storeTypes, List<String> unresolvedStoreTypes, long successes, long failures, long timeouts,
        int queueDepth, int inFlight, String lastError) {

    public HandlerStatus {
        jobTypes = List.copyOf(jobTypes);
        storeTypes = List.copyOf(storeTypes);
        unresolvedStoreTypes = List.copyOf(unresolvedStoreTypes);
    }
}
