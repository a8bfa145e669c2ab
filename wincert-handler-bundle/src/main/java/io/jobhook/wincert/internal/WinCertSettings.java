package io.jobhook.wincert.internal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;

/**
 * A validated WinCert handler configuration. Refuses, in one message naming the PID, the key and the
 * value, anything that cannot work.
 */
record WinCertSettings(String pid, List<UUID> jobTypes, List<String> storeTypes, String favoriteAnimal,
        Set<JobResult> onlyResults, int minRetryCount, String followUpCustomJob, Map<String, String> followUpFields) {

    static final String FACTORY_PID = "io.jobhook.wincert";

    private static final Pattern STORE_TYPE = Pattern.compile("[A-Za-z0-9_.-]+");

    WinCertSettings {
        onlyResults = onlyResults.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(onlyResults));
        followUpFields = Collections.unmodifiableMap(new LinkedHashMap<>(followUpFields));
    }

    static WinCertSettings of(String pid, WinCertHandlerConfig c) {
        String name = pid == null ? FACTORY_PID : pid;
        List<UUID> jobTypes;
        try {
            jobTypes = Guids.parseList((Object) c.jobTypes());
        } catch (IllegalArgumentException e) {
            throw refused(name, "jobTypes", String.join(",", c.jobTypes()), e.getMessage());
        }
        List<String> storeTypes = c.storeTypes() == null ? List.of() : List.of(c.storeTypes()).stream()
                .flatMap(v -> List.of(v.split(",")).stream()).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String storeType : storeTypes) {
            if (!STORE_TYPE.matcher(storeType).matches()) {
                throw refused(name, "storeTypes", storeType, "not a store type short name");
            }
        }
        if (jobTypes.isEmpty() && storeTypes.isEmpty()) {
            throw new IllegalArgumentException("Refusing configuration " + name
                    + ": neither 'jobTypes' nor 'storeTypes' is set; set at least one");
        }
        Set<JobResult> onlyResults = EnumSet.noneOf(JobResult.class);
        for (String result : c.onlyResults()) {
            try {
                onlyResults.add(JobResult.parse(result));
            } catch (IllegalArgumentException e) {
                throw refused(name, "onlyResults", result, e.getMessage());
            }
        }
        if (c.minRetryCount() < 0) {
            throw refused(name, "minRetryCount", Integer.toString(c.minRetryCount()), "must be 0 or more");
        }
        String followUp = c.followUpCustomJob() == null ? "" : c.followUpCustomJob().trim();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : c.followUpFields()) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw refused(name, "followUpFields", field, "expected name=value");
            }
            fields.put(field.substring(0, eq).trim(), field.substring(eq + 1).trim());
        }
        if (followUp.isEmpty() && !fields.isEmpty()) {
            throw refused(name, "followUpFields", String.join(",", c.followUpFields()),
                    "set without 'followUpCustomJob'");
        }
        String animal = c.favoriteAnimal() == null || c.favoriteAnimal().isBlank() ? "Unspecified" : c.favoriteAnimal();
        return new WinCertSettings(name, jobTypes, storeTypes, animal, onlyResults, c.minRetryCount(),
                followUp.isEmpty() ? null : followUp, fields);
    }

    private static IllegalArgumentException refused(String pid, String key, String value, String why) {
        return new IllegalArgumentException("Refusing configuration " + pid + ": key '" + key + "' value '" + value
                + "': " + why);
    }

    /** @return whether a job with this result and retry count is one to act on */
    boolean accepts(JobResult result, int currentRetryCount) {
        return (onlyResults.isEmpty() || onlyResults.contains(result)) && currentRetryCount >= minRetryCount;
    }
}
