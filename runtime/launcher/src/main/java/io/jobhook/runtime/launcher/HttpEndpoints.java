package io.jobhook.runtime.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where Jobhook will listen, as Felix HTTP will decide it: a key in {@code etc/org.apache.felix.http.cfg} wins
 * over the framework property of the same name ({@code --port}, {@code etc/config.properties}, the defaults),
 * as Felix HTTP reads its configuration before the framework's properties. Read by the launcher only to say
 * where it listens and to point the demo's simulator at the plain HTTP port.
 *
 * @param host the address bound, e.g. {@code 127.0.0.1}
 * @param httpPort the plain HTTP port, or -1 when plain HTTP is off
 * @param httpsPort the HTTPS port, or -1 when HTTPS is off
 */
record HttpEndpoints(String host, int httpPort, int httpsPort) {

    /** The file Felix HTTP's configuration (PID {@code org.apache.felix.http}) comes from. */
    static final String CFG = "org.apache.felix.http.cfg";

    static final String HOST = "org.apache.felix.http.host";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    /** Felix HTTP's own default for the HTTPS port. */
    static final int DEFAULT_HTTPS_PORT = 443;

    /**
     * @param framework the framework properties
     * @param cfg the keys of {@code etc/org.apache.felix.http.cfg} (empty when there is none)
     * @throws IllegalArgumentException naming the key whose port is not a number
     */
    static HttpEndpoints of(Map<String, String> framework, Properties cfg) {
        String host = value(HOST, framework, cfg, "0.0.0.0");
        boolean http = Boolean.parseBoolean(value(HTTP_ENABLE, framework, cfg, "true"));
        boolean https = Boolean.parseBoolean(value(HTTPS_ENABLE, framework, cfg, "false"));
        int httpPort = http ? port(HTTP_PORT, value(HTTP_PORT, framework, cfg, "8080")) : -1;
        int httpsPort = https ? port(HTTPS_PORT, value(HTTPS_PORT, framework, cfg, Integer.toString(DEFAULT_HTTPS_PORT)))
                : -1;
        return new HttpEndpoints(host, httpPort, httpsPort);
    }

    private static String value(String key, Map<String, String> framework, Properties cfg, String otherwise) {
        String v = cfg.getProperty(key);
        if (v == null || v.isBlank()) {
            v = framework.get(key);
        }
        return v == null || v.isBlank() ? otherwise : v.strip();
    }

    private static int port(String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a port number, was '" + text + "'");
        }
    }

    /** @return e.g. {@code http://127.0.0.1:8642/jobhook/v1/ and https://127.0.0.1:8643/jobhook/v1/} */
    String describe(String path) {
        List<String> urls = new ArrayList<>();
        if (httpPort >= 0) {
            urls.add("http://" + host + ":" + httpPort + path);
        }
        if (httpsPort >= 0) {
            urls.add("https://" + host + ":" + httpsPort + path);
        }
        return urls.isEmpty() ? "no port (HTTP and HTTPS are both off in etc/" + CFG + ")" : String.join(" and ", urls);
    }
}
