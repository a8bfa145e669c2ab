package io.jobhook.runtime.dispatch.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Defaults for every handler's deliveries, PID {@code io.jobhook.dispatch}. A handler overrides them with
 * its service properties {@code dispatch.timeout}, {@code dispatch.concurrency}, ...
 */
@ObjectClassDefinition(name = "Jobhook dispatcher", description = "How handlers' deliveries run, unless a handler says otherwise")
@interface DispatchConfig {

    @AttributeDefinition(name = "Timeout (ms)", description = "The most one attempt may run before it is interrupted")
    long timeout() default 60000;

    @AttributeDefinition(name = "Concurrency", description = "Attempts one handler may run at once")
    int concurrency() default 4;

    @AttributeDefinition(name = "Queue capacity", description = "Deliveries one handler may have waiting in memory")
    int queueCapacity() default 10000;

    @AttributeDefinition(name = "Maximum attempts")
    int maxAttempts() default 5;

    @AttributeDefinition(name = "First backoff (ms)")
    long backoffInitial() default 1000;

    @AttributeDefinition(name = "Longest backoff (ms)")
    long backoffMax() default 300000;
}
