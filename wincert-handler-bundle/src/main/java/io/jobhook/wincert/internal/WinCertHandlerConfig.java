package io.jobhook.wincert.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One WinCert handler instance: file {@code etc/io.jobhook.wincert-<name>.cfg}, PID
 * {@code io.jobhook.wincert~<name>}. DS publishes {@code jobTypes} and {@code storeTypes} as service
 * properties, so this configuration is the handler's registration.
 */
@ObjectClassDefinition(name = "Jobhook WinCert handler",
        description = "Reacts to completed orchestrator jobs of the configured job types, as Keyfactor's sample handler does")
@interface WinCertHandlerConfig {

    @AttributeDefinition(name = "Job types", required = false,
            description = "Job-type GUIDs, Keyfactor's comma-separated form accepted")
    String[] jobTypes() default {};

    @AttributeDefinition(name = "Store types", required = false,
            description = "Store type short names (e.g. WinCert); the runtime asks Command for their job-type GUIDs")
    String[] storeTypes() default {};

    @AttributeDefinition(name = "Favorite animal", required = false, description = "The sample's option")
    String favoriteAnimal() default "Unspecified";

    @AttributeDefinition(name = "Only results", required = false,
            description = "Act only on these job results (Unknown, InProcess, Success, Warning, Failure); empty = all")
    String[] onlyResults() default {};

    @AttributeDefinition(name = "Minimum retry count", required = false,
            description = "Act only once Command has retried the job this many times (CurrentRetryCount)")
    int minRetryCount() default 0;

    @AttributeDefinition(name = "Follow-up custom job", required = false,
            description = "Custom job type to schedule on the same orchestrator after a successful management Add; empty = none")
    String followUpCustomJob() default "";

    @AttributeDefinition(name = "Follow-up fields", required = false,
            description = "The follow-up job's fields, each name=value")
    String[] followUpFields() default {};
}
