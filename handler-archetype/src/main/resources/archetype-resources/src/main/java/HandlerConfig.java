package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One ${artifactId} handler instance: file {@code etc/${package}-<name>.cfg}, PID {@code ${package}~<name>}.
 * Declarative Services publishes its keys as the handler's service properties, so {@code jobTypes} and
 * {@code storeTypes} here are what the runtime routes completions by; a change takes effect live.
 */
@ObjectClassDefinition(name = "${artifactId} job completion handler",
        description = "Reacts to completed orchestrator jobs of the configured job types and store types")
@interface HandlerConfig {

    @AttributeDefinition(name = "Job types", required = false,
            description = "Job-type GUIDs, Keyfactor's comma-separated form accepted")
    String[] jobTypes() default {};

    @AttributeDefinition(name = "Store types", required = false,
            description = "Store type short names (e.g. ${storeType}); the runtime asks Command for their "
                    + "job-type GUIDs")
    String[] storeTypes() default {};

    // An example option: add yours the same way. A secret starts with '_' (_apiToken() is the key .apiToken),
    // so that it stays private and is never published as a service property.
    @AttributeDefinition(name = "Favorite animal", required = false, description = "The sample handler's option")
    String favoriteAnimal() default "Unspecified";
}
