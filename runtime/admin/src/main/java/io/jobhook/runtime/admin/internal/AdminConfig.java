package io.jobhook.runtime.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The admin API's tokens and who may read its metrics, PID {@code io.jobhook.admin}. */
@ObjectClassDefinition(name = "Jobhook operator tools", description = "Who may use the admin API under /jobhook/v1/")
@interface AdminConfig {

    @AttributeDefinition(name = "Admin tokens", type = AttributeType.PASSWORD, required = false,
            description = "Bearer tokens for /jobhook/v1/* (health excepted); none: only health answers")
    String[] _tokens() default {};

    @AttributeDefinition(name = "Metrics without a token", required = false,
            description = "true: GET /jobhook/v1/metrics answers without an admin token (for a scraper on a trusted "
                    + "network); false: it needs one, as the rest of the admin API")
    boolean metricsOpen() default false;

    @AttributeDefinition(name = "Poller lag warning (seconds)", required = false, min = "1",
            description = "The poller's health check warns when the journal is further behind Command than this")
    long pollerLagWarningSeconds() default 300;
}
