package io.jobhook.runtime.poller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the job history poller, PID {@code io.jobhook.poller} (runtime/poller/README.md). */
@ObjectClassDefinition(name = "Jobhook job history poller",
        description = "Reads Command's job history (GET /OrchestratorJobs/JobHistory) and delivers each completed job")
@interface PollerConfig {

    @AttributeDefinition(name = "Enabled", description = "Off: the poller reads nothing")
    boolean enabled() default false;

    @AttributeDefinition(name = "Interval (s)",
            description = "Wait between two polls, 1 to 86400; after errors the wait doubles, up to 15 minutes")
    int intervalSeconds() default PollerSettings.DEFAULT_INTERVAL_SECONDS;

    @AttributeDefinition(name = "Page size", description = "Rows per JobHistory request (ReturnLimit), 1 to 5000")
    int pageSize() default PollerSettings.DEFAULT_PAGE_SIZE;

    @AttributeDefinition(name = "Start at",
            description = "On the first start only (no checkpoint yet): 'now' (rows after the newest one Command "
                    + "has then) or an ISO-8601 timestamp (rows whose OperationStart is at or after it)")
    String startAt() default PollerSettings.NOW;
}
