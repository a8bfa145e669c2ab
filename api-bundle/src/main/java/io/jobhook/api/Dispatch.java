package io.jobhook.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * How the runtime delivers to a handler component, as typed DS component properties: each element becomes the
 * service property {@code dispatch.<element>} ({@link HandlerProperties#DISPATCH_TIMEOUT},
 * {@link HandlerProperties#DISPATCH_MAX_ATTEMPTS}, ...). An element left at {@code 0} means the runtime's
 * default for every handler (configuration PID {@code io.jobhook.dispatch}), so only what is given here differs:
 *
 * <pre>
 * &#64;Component(service = OrchestratorJobCompleteHandler.class)
 * &#64;Handles(storeTypes = "WinCert")
 * &#64;Dispatch(timeout = 10_000, maxAttempts = 3)
 * public final class MyHandler implements OrchestratorJobCompleteHandler { ... }
 * </pre>
 *
 * A component's configuration ({@code dispatch.timeout = 5000} in its {@code .cfg}) overrides what is given here.
 *
 * <p>Kept at run time too, so the handler test kit reads it from the class as DS reads it from the component
 * description bnd writes.
 *
 * @since 1.1
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Dispatch {

    /** The names of the elements below become service properties under this prefix. */
    String PREFIX_ = HandlerProperties.DISPATCH_PREFIX;

    /** @return {@link HandlerProperties#DISPATCH_TIMEOUT}, in milliseconds; 0 for the runtime's default */
    long timeout() default 0;

    /** @return {@link HandlerProperties#DISPATCH_CONCURRENCY}; 0 for the runtime's default */
    int concurrency() default 0;

    /** @return {@link HandlerProperties#DISPATCH_QUEUE_CAPACITY}; 0 for the runtime's default */
    int queueCapacity() default 0;

    /** @return {@link HandlerProperties#DISPATCH_MAX_ATTEMPTS}; 0 for the runtime's default */
    int maxAttempts() default 0;

    /** @return {@link HandlerProperties#DISPATCH_BACKOFF_INITIAL}, in milliseconds; 0 for the runtime's default */
    long backoffInitial() default 0;

    /** @return {@link HandlerProperties#DISPATCH_BACKOFF_MAX}, in milliseconds; 0 for the runtime's default */
    long backoffMax() default 0;
}
