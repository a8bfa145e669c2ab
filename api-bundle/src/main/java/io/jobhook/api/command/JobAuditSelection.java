package io.jobhook.api.command;

import java.util.Arrays;
import java.util.List;

/**
 * Which job history rows an acknowledge or reschedule request is about: by id ({@code JobAuditIds},
 * the rows' {@code JobHistoryId}s) or by a query.
 *
 * @param jobAuditIds the rows' ids; empty when {@code query} is set
 * @param query the query; null when ids are given
 */
public record JobAuditSelection(List<Long> jobAuditIds, Query query) {

    /**
     * @throws IllegalArgumentException unless exactly one of ids and query is given
     */
    public JobAuditSelection {
        jobAuditIds = jobAuditIds == null ? List.of() : List.copyOf(jobAuditIds);
        if (jobAuditIds.isEmpty() == (query == null)) {
            throw new IllegalArgumentException("Select job history rows either by id or by query, not both or neither");
        }
    }

    /** @return the rows with these {@code JobHistoryId}s */
    public static JobAuditSelection ofIds(long... jobHistoryIds) {
        return new JobAuditSelection(Arrays.stream(jobHistoryIds).boxed().toList(), null);
    }

    /** @return the rows that match the query */
    public static JobAuditSelection ofQuery(Query query) {
        return new JobAuditSelection(List.of(), query);
    }
}
