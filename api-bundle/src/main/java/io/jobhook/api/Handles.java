package io.jobhook.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Which completions a handler component runs for, as typed DS component properties instead of strings:
 *
 * <pre>
 * &#64;Component(service = OrchestratorJobCompleteHandler.class)
 * &#64;Handles(storeTypes = "WinCert")
 * public final class MyHandler implements OrchestratorJobCompleteHandler { ... }
 * </pre>
 *
 * <p>The elements are named exactly as the service properties {@link HandlerProperties#JOB_TYPES} and
 * {@link HandlerProperties#STORE_TYPES}: a single-element {@code @JobTypes(...)} cannot be, since DS derives a
 * single element's property name from the annotation's name ({@code job.types}). A component's configuration
 * (a factory configuration's {@code jobTypes}, {@code storeTypes}) overrides what is given here.
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
public @interface Handles {

    /**
     * @return the job-type GUIDs the handler runs for ({@link HandlerProperties#JOB_TYPES}); each may be
     *         Keyfactor's comma-separated form
     */
    String[] jobTypes() default {};

    /**
     * @return store-type short names, such as {@code WinCert}, whose job-type GUIDs the runtime asks Command
     *         for ({@link HandlerProperties#STORE_TYPES})
     */
    String[] storeTypes() default {};
}
