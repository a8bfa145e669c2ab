package io.jobhook.runtime.journal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the journal, PID {@code io.jobhook.journal} (optional: every key has a default). The
 * data directory is the framework property {@code jobhook.data}, not configuration: it must be known
 * before any configuration is read.
 */
@ObjectClassDefinition(name = "Jobhook journal",
        description = "The durable record of accepted completions and of their deliveries")
@interface JournalConfig {

    @AttributeDefinition(name = "Store", options = {
        @org.osgi.service.metatype.annotations.Option(value = "h2", label = "Embedded H2 (one runtime)"),
        @org.osgi.service.metatype.annotations.Option(value = "postgresql",
                label = "PostgreSQL (several runtimes; bundle io.jobhook.runtime.journal.postgresql)")},
            description = "Which journal opens: this bundle's H2 in the data directory, or the PostgreSQL journal's bundle")
    String store() default JournalComponent.H2;

    @AttributeDefinition(name = "Retention (days)", min = "1",
            description = "Finished completions (every delivery DELIVERED or FAILED, or none) older than this are "
                    + "removed with their deliveries and attempts, at start and hourly")
    int retentionDays() default RetentionPurger.DEFAULT_RETENTION_DAYS;
}
