package io.jobhook.command.client.internal;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import io.jobhook.api.command.CommandApi;

/** Real clients for other modules' tests (shipped in this module's test jar). */
public final class TestClients {

    private TestClients() {
    }

    /** @return a client of {@code baseUri} with Basic credentials and the contract's defaults */
    public static CommandApi basic(URI baseUri, String domainUser, String password) {
        return HttpCommandApi.create(ClientSettings.from(ClientSettingsTest.config(Map.of(
                "url", baseUri.toString(), "username", domainUser, ".password", password))), Clock.systemUTC());
    }
}
