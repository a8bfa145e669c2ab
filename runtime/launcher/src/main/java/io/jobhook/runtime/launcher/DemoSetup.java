package io.jobhook.runtime.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Demo mode (the README's "Two commands"): with no Command URL in {@code etc/io.jobhook.command.cfg}, writes the
 * configuration that runs the Command simulator in-process, points the client at it with the
 * simulator's generated credentials, gives the simulator a push token the ingress accepts, gives the admin
 * API a token, creates the WinCert handler {@code io.jobhook.wincert~demo} for {@code storeTypes=WinCert}, and
 * turns its trace on.
 * Configuration files are the only path between the modules; files already there are kept.
 */
final class DemoSetup {

    static final String USER = "KFTRAIN\\svc";
    static final String CLIENT_ID = "jobhook";

    private final Path etc;
    private final SecureRandom random = new SecureRandom();

    DemoSetup(Path etc) {
        this.etc = etc;
    }

    /** @return whether {@code etc/io.jobhook.command.cfg} names no Command URL */
    boolean needed() throws IOException {
        String url = ConfigFiles.read(etc.resolve("io.jobhook.command.cfg")).getProperty("url", "");
        return url.isBlank();
    }

    /** Writes the demo's configuration for a runtime listening on {@code port}. */
    void write(int port) throws IOException {
        String base = "http://127.0.0.1:" + port;
        String password = secret();
        String clientSecret = secret();
        String pushToken = secret();

        Map<String, String> simulator = new LinkedHashMap<>();
        simulator.put("enabled", "true");
        simulator.put("seed", "1");
        simulator.put("jobIntervalSeconds", "5");
        simulator.put("basePath", "/KeyfactorAPI");
        simulator.put("auth", "basic,oauth");
        simulator.put(".users", USER + "=" + password);
        simulator.put(".clients", CLIENT_ID + "=" + clientSecret);
        simulator.put("pushUrl", base + "/jobhook/v1/completions");
        simulator.put(".pushToken", pushToken);
        ConfigFiles.write(etc.resolve("io.jobhook.simulator.cfg"),
                "Demo mode: the Command simulator, in-process, pushing completions to the ingress", simulator, true);

        Map<String, String> command = new LinkedHashMap<>();
        command.put("url", base + "/KeyfactorAPI");
        command.put("auth", "basic");
        command.put("username", USER);
        command.put(".password", password);
        ConfigFiles.write(etc.resolve("io.jobhook.command.cfg"),
                "Demo mode: the in-process simulator. For a real Command, set its url and credentials", command, true);

        Path ingressFile = etc.resolve("io.jobhook.ingress.cfg");
        Properties ingress = ConfigFiles.read(ingressFile);
        Map<String, String> ingressValues = new LinkedHashMap<>();
        ingress.stringPropertyNames().forEach(k -> ingressValues.put(k, ingress.getProperty(k)));
        String tokens = ingressValues.getOrDefault(".tokens", "").trim();
        ingressValues.put(".tokens", tokens.isEmpty() ? pushToken : tokens + "," + pushToken);
        ConfigFiles.write(ingressFile, "Ingress of pushed completions; .tokens are the bearer tokens it accepts",
                ingressValues, true);

        Path admin = etc.resolve("io.jobhook.admin.cfg");
        if (!Files.exists(admin)) {
            ConfigFiles.write(admin, "Demo mode: the admin API's token (Authorization: Bearer <token>)",
                    Map.of(".tokens", secret()), true);
        }

        Path handler = etc.resolve("io.jobhook.wincert-demo.cfg");
        if (!Files.exists(handler)) {
            ConfigFiles.write(handler, "Demo mode: the WinCert reference handler for every WinCert job type",
                    Map.of("storeTypes", "WinCert", "favoriteAnimal", "Tiger"), false);
        }
        traceOn(etc.resolve("org.ops4j.pax.logging.cfg"));
    }

    /** Turns the WinCert handler's trace on, as the sample's NLog rule does. */
    private static void traceOn(Path loggingCfg) throws IOException {
        String text = Files.exists(loggingCfg) ? Files.readString(loggingCfg, StandardCharsets.UTF_8) : "";
        if (text.lines().anyMatch(l -> l.strip().startsWith("log4j2.logger.wincert.level"))) {
            return; // an operator's own line wins (the shipped file only mentions it in a comment)
        }
        List<String> lines = List.of("", "# Demo mode: the WinCert handler's trace",
                "log4j2.logger.wincert.name = io.jobhook.wincert", "log4j2.logger.wincert.level = TRACE", "");
        Files.writeString(loggingCfg, String.join("\n", lines), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private String secret() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
