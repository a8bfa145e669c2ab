package io.jobhook.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the in-process simulator, PID {@code io.jobhook.simulator}. */
@ObjectClassDefinition(name = "Jobhook Command simulator",
        description = "A stand-in Keyfactor Command server on the OSGi servlet whiteboard, for demos and tests")
@interface SimulatorConfig {

    @AttributeDefinition(name = "Enabled", description = "Serve the simulated Command API")
    boolean enabled() default false;

    @AttributeDefinition(name = "Seed", description = "Seed of the instance's GUIDs; 1 reproduces Keyfactor's sample")
    long seed() default 1L;

    @AttributeDefinition(name = "Job interval (s)", description = "How often due jobs run; 0 turns the engine off")
    int jobIntervalSeconds() default 5;

    @AttributeDefinition(name = "Base path", description = "Path of the Command API, e.g. /KeyfactorAPI")
    String basePath() default "/KeyfactorAPI";

    @AttributeDefinition(name = "Authentication", description = "basic, oauth or basic,oauth")
    String auth() default "basic,oauth";

    @AttributeDefinition(name = "Basic accounts", type = AttributeType.PASSWORD, required = false,
            description = "DOMAIN\\user=password entries; none: one generated account")
    String[] _users() default {};   // private: ".users"

    @AttributeDefinition(name = "OAuth clients", type = AttributeType.PASSWORD, required = false,
            description = "clientId=secret entries; none: one generated client")
    String[] _clients() default {};   // private: ".clients"

    @AttributeDefinition(name = "Token lifetime (s)")
    int tokenTtlSeconds() default 300;

    @AttributeDefinition(name = "Push URL", required = false,
            description = "Where completions are pushed, e.g. http://127.0.0.1:8642/jobhook/v1/completions")
    String pushUrl() default "";

    @AttributeDefinition(name = "Push token", type = AttributeType.PASSWORD, required = false)
    String _pushToken() default "";   // private: ".pushToken"

    @AttributeDefinition(name = "Faults", required = false, description = "Fault spec, e.g. status503=0.1;latencyMs=200")
    String faults() default "";
}
