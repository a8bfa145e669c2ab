package io.jobhook.command.client.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.propertytypes.ServiceDescription;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jobhook.api.command.CommandApi;

/**
 * The {@link CommandApi} service, configured by PID {@code io.jobhook.command}: {@link HttpCommandApi}
 * built from the configuration. A configuration change re-activates it with a fresh client (in-flight
 * calls finish on the old one); a configuration that cannot work is refused with one line naming the
 * keys, and no service is registered.
 */
@Component(service = CommandApi.class, configurationPid = ClientSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CommandClientConfig.class)
@ServiceDescription("Jobhook Keyfactor Command API client")
public final class CommandApiComponent extends HttpCommandApi {

    private static final Logger LOG = LoggerFactory.getLogger(CommandApiComponent.class);

    @Activate
    public CommandApiComponent(CommandClientConfig config) {
        super(transport(settings(config), Clock.systemUTC()));
    }

    private static ClientSettings settings(CommandClientConfig config) {
        try {
            ClientSettings settings = ClientSettings.from(config);
            LOG.info("Command API client configured: {}", settings);
            return settings;
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    private static CommandHttp transport(ClientSettings settings, Clock clock) {
        try {
            return HttpCommandApi.transport(settings, clock, RetryPolicy.of(settings),
                    d -> Thread.sleep(d.toMillis()));
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage()); // an unreadable truststore
            throw e;
        }
    }
}
