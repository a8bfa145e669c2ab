package io.jobhook.command.client.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.jobhook.api.command.CommandApi;
import io.jobhook.command.client.CommandClients;

/**
 * Real clients for other modules' tests (shipped in this module's test jar). New code can use the exported
 * {@link CommandClients} instead.
 */
public final class TestClients {

    private TestClients() {
    }

    /** @return a client of {@code baseUri} with Basic credentials and the contract's defaults ({@link CommandClients#basic}) */
    public static CommandApi basic(URI baseUri, String domainUser, String password) {
        return CommandClients.basic(baseUri, domainUser, password);
    }

    /**
     * As {@link #basic}, with short waits between attempts (5 ms doubling to 50 ms, or what a
     * {@code Retry-After} asks): for drills that meet many faults and must stay quick.
     */
    public static CommandApi basicWithShortWaits(URI baseUri, String domainUser, String password) {
        ClientSettings settings = ClientSettings.from(ClientSettingsTest.config(Map.of(
                "url", baseUri.toString(), "username", domainUser, ".password", password)));
        return HttpCommandApi.create(settings, Clock.systemUTC(),
                new RetryPolicy(settings.maxAttempts, Duration.ofMillis(5), Duration.ofMillis(50), Math::random),
                d -> Thread.sleep(d.toMillis()));
    }
}
