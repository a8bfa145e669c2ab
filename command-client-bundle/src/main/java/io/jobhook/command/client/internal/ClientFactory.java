package io.jobhook.command.client.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.CommandApi;

/**
 * Clients built from a configuration map outside a framework, for the exported
 * {@code io.jobhook.command.client.CommandClients}: public only so that package can reach it.
 */
public final class ClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);

    private ClientFactory() {
    }

    /**
     * @param configuration the keys of PID {@code io.jobhook.command}
     * @throws IllegalArgumentException naming every key that cannot work, and its value unless secret
     */
    public static CommandApi fromConfiguration(Map<String, ?> configuration) {
        ClientSettings settings = ClientSettings.from(Objects.requireNonNull(configuration, "configuration"));
        LOG.debug("Command API client created: {}", settings);
        return HttpCommandApi.create(settings, Clock.systemUTC());
    }
}
