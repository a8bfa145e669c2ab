package io.jobhook.runtime.dispatch.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.jobhook.runtime.spi.DeliveryPolicy;

/**
 * Defaults for every handler's deliveries, PID {@code io.jobhook.dispatch}. A handler overrides them with
 * its service properties {@code dispatch.timeout}, {@code dispatch.concurrency}, ... Each default is
 * {@link DeliveryPolicy}'s, so the metatype and the runtime cannot disagree.
 */
@ObjectClassDefinition(name = "Jobhook dispatcher", description = "How handlers' deliveries run, unless a handler says otherwise")
@interface DispatchConfig {

    @AttributeDefinition(name = "Timeout (ms)", description = "The most one attempt may run before it is interrupted")
    long timeout() default DeliveryPolicy.DEFAULT_TIMEOUT_MILLIS;

    @AttributeDefinition(name = "Concurrency", description = "Attempts one handler may run at once")
    int concurrency() default DeliveryPolicy.DEFAULT_CONCURRENCY;

    @AttributeDefinition(name = "Queue capacity", description = "Deliveries one handler may have waiting in memory")
    int queueCapacity() default DeliveryPolicy.DEFAULT_QUEUE_CAPACITY;

    @AttributeDefinition(name = "Maximum attempts")
    int maxAttempts() default DeliveryPolicy.DEFAULT_MAX_ATTEMPTS;

    @AttributeDefinition(name = "First backoff (ms)")
    long backoffInitial() default DeliveryPolicy.DEFAULT_BACKOFF_INITIAL_MILLIS;

    @AttributeDefinition(name = "Longest backoff (ms)")
    long backoffMax() default DeliveryPolicy.DEFAULT_BACKOFF_MAX_MILLIS;
}
