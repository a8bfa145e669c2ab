package io.jobhook.runtime.ingress.internal;

/** The seed's three sample contexts (../shared/seed/000_ec03181a788ca7bd.txt) as pushed JSON. */
final class Samples {

    static final String INVENTORY = """
            {"AgentId": "fa406103-d84a-43ea-8bfd-99bc1f064281",
             "Username": "KFTRAIN\\\\SVC_Orchestrator",
             "ClientMachine": "orchestrator.kftrain.lab",
             "JobResult": "Success",
             "JobId": "0b4b411a-4b26-4492-a575-a10adb43a08a",
             "JobType": "WinCertInventory",
             "JobTypeId": "49b3a17d-cada-4ec8-84c6-7719bf5beef3",
             "OperationType": "Unknown",
             "CertificateId": null,
             "RequestTimestamp": "2023-05-03T23:18:48",
             "CurrentRetryCount": 0}
            """;

    static final String MANAGEMENT_ADD = """
            {"AgentId": "fa406103-d84a-43ea-8bfd-99bc1f064281",
             "Username": "KFTRAIN\\\\SVC_Orchestrator",
             "ClientMachine": "orchestrator.kftrain.lab",
             "JobResult": "Success",
             "JobId": "426ec1ab-9f02-4011-8df9-72c4a603ca90",
             "JobType": "WinCertManagement",
             "JobTypeId": "4be14534-55b0-4cd7-9871-536b55b5e973",
             "OperationType": "Add",
             "CertificateId": 14,
             "RequestTimestamp": "2023-05-06T00:29:32",
             "CurrentRetryCount": 0}
            """;

    static final String REENROLLMENT = """
            {"AgentId": "fa406103-d84a-43ea-8bfd-99bc1f064281",
             "Username": "KFTRAIN\\\\SVC_Orchestrator",
             "ClientMachine": "orchestrator.kftrain.lab",
             "JobResult": "Success",
             "JobId": "32354394-955e-4142-a968-479daa294128",
             "JobType": "WinCertReenrollment",
             "JobTypeId": "e868b3f8-9b6a-48b1-91c8-683d71d94f61",
             "OperationType": "Unknown",
             "CertificateId": 15,
             "RequestTimestamp": "2023-05-06T00:32:46",
             "CurrentRetryCount": 0}
            """;

    /** The required fields only. */
    static final String MINIMAL = """
            {"AgentId": "fa406103-d84a-43ea-8bfd-99bc1f064281",
             "JobId": "0b4b411a-4b26-4492-a575-a10adb43a08a",
             "JobType": "WinCertInventory",
             "JobTypeId": "49b3a17d-cada-4ec8-84c6-7719bf5beef3",
             "JobResult": "Success"}
            """;

    private Samples() {
    }

    /** @return {@link #MINIMAL} with {@code "name": json} added (json as written, e.g. {@code "\"x\""}) */
    static String minimalWith(String name, String json) {
        return MINIMAL.strip().replaceFirst("}$", java.util.regex.Matcher.quoteReplacement(
                ", \"" + name + "\": " + json + "}"));
    }

    /** @return {@link #MINIMAL} with the field {@code name} set to {@code json}, replacing its value */
    static String minimalReplacing(String name, String json) {
        return MINIMAL.replaceAll("\"" + name + "\": [^,}\\n]+", "\"" + name + "\": " + java.util.regex.Matcher
                .quoteReplacement(json));
    }

    /** @return {@link #MINIMAL} without the field {@code name} */
    static String minimalWithout(String name) {
        return MINIMAL.replaceAll(",?\\s*\"" + name + "\": [^,}\\n]+", "").replace("{,", "{");
    }
}
