package io.jobhook.runtime.karaf.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

import io.jobhook.runtime.admin.OperatorConsole;

/** Each action hands its arguments and options to the console's method of its name and prints the answer. */
class CommandsTest {

    final List<String> calls = new ArrayList<>();
    final OperatorConsole console = (OperatorConsole) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {OperatorConsole.class}, (proxy, method, args) -> {
                String call = method.getName() + (args == null ? "[]" : Arrays.toString(args));
                calls.add(call);
                return "answer of " + call;
            });

    String run(Action action) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(action.execute()).as("prints, returns nothing").isNull();
        } finally {
            System.setOut(before);
        }
        return printed.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void eventsPassesItsOptionsAsTheAdminApisCriteria() throws Exception {
        EventsCommand events = new EventsCommand();
        events.console = console;
        events.outcome = "FAILED";
        events.limit = 20;
        assertThat(run(events)).isEqualTo("answer of " + calls.get(0));
        assertThat(calls).containsExactly(
                "events[{jobId=, jobType=, result=, outcome=FAILED, unmatched=, handler=, since=, until=, limit=20}]");
    }

    @Test
    void replayTakesOneHandlerOrOneEventOfAHandler() throws Exception {
        ReplayCommand all = new ReplayCommand();
        all.console = console;
        all.first = "io.jobhook.wincert~a";
        run(all);
        ReplayCommand one = new ReplayCommand();
        one.console = console;
        one.first = "7be6757e-2682-4a44-924c-8bd82965208f";
        one.handler = "io.jobhook.wincert~a";
        run(one);
        assertThat(calls).containsExactly("replay[io.jobhook.wincert~a]",
                "replay[7be6757e-2682-4a44-924c-8bd82965208f, io.jobhook.wincert~a]");
    }

    @Test
    void importManifestIsADryRunUnlessWriteAndRefusesAnyOtherThirdArgument() throws Exception {
        ImportManifestCommand dry = new ImportManifestCommand();
        dry.console = console;
        dry.manifest = "/tmp/manifest.json";
        dry.pid = "io.jobhook.wincert";
        run(dry);
        dry.write = "write";
        run(dry);
        dry.write = "yes";
        assertThat(run(dry)).startsWith("Usage: jobhook:import-manifest");
        assertThat(calls).containsExactly("importManifest[/tmp/manifest.json, io.jobhook.wincert, false]",
                "importManifest[/tmp/manifest.json, io.jobhook.wincert, true]");
    }

    @Test
    void forwarderManifestShowsOrWritesToAnAbsolutePath() throws Exception {
        ForwarderManifestCommand shown = new ForwarderManifestCommand();
        shown.console = console;
        shown.url = "https://jobhook.example:8642";
        assertThat(run(shown)).isEqualTo("answer of " + calls.get(0));
        ForwarderManifestCommand written = new ForwarderManifestCommand();
        written.console = console;
        written.url = "https://jobhook.example:8642";
        written.file = "manifest.json";
        run(written);
        assertThat(calls).containsExactly("forwarderManifest[https://jobhook.example:8642, null]",
                "forwarderManifest[https://jobhook.example:8642, " + java.nio.file.Path.of("manifest.json").toAbsolutePath() + "]");
    }

    @Test
    void healthPassesItsTags() throws Exception {
        HealthCommand health = new HealthCommand();
        health.console = console;
        run(health);
        health.tags = "journal,poller";
        run(health);
        assertThat(calls).containsExactly("health[]", "health[journal,poller]");
    }
}
