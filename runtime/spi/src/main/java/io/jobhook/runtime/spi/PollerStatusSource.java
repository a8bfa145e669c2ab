package io.jobhook.runtime.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The job history poller's status, as a service (published by the poller bundle), read by the operator
 * tools for health and lag.
 */
@ProviderType
public interface PollerStatusSource {

    /** @return the poller's status now */
    PollerStatus status();
}
