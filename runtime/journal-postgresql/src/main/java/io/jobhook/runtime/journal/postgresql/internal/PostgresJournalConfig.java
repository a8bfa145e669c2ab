package io.jobhook.runtime.journal.postgresql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of PID {@code io.jobhook.journal} the PostgreSQL journal reads (the H2 journal's bundle reads the same
 * PID; {@code store} says which of the two opens).
 */
@ObjectClassDefinition(name = "Jobhook journal on PostgreSQL",
        description = "The journal on a PostgreSQL database that several runtimes share")
@interface PostgresJournalConfig {

    @AttributeDefinition(name = "Store", options = {
        @org.osgi.service.metatype.annotations.Option(value = "h2", label = "Embedded H2 (one runtime)"),
        @org.osgi.service.metatype.annotations.Option(value = "postgresql", label = "PostgreSQL (several runtimes)")})
    String store() default "h2";

    @AttributeDefinition(name = "URL", description = "jdbc:postgresql://host:port/database", required = false)
    String url() default "";

    @AttributeDefinition(name = "Username", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Private (.password), or a reference: $[secret:name] or $[env:NAME]")
    String _password() default "";

    @AttributeDefinition(name = "Pool size", min = "2", description = "Connections this runtime keeps open")
    int poolSize() default PostgresJournalComponent.DEFAULT_POOL_SIZE;

    @AttributeDefinition(name = "Lease (seconds)", min = "1",
            description = "How long the deliveries of a runtime that stopped stay with it before another takes them")
    int leaseSeconds() default PostgresJournalComponent.DEFAULT_LEASE_SECONDS;

    @AttributeDefinition(name = "Node id", required = false,
            description = "This runtime's name in the journal; default: host name and HTTP port")
    String nodeId() default "";

    @AttributeDefinition(name = "Retention (days)", min = "1",
            description = "Finished completions older than this are removed, at start and hourly")
    int retentionDays() default PostgresJournalComponent.DEFAULT_RETENTION_DAYS;
}
