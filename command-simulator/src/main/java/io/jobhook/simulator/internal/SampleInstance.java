package io.jobhook.simulator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;

/**
 * The Command instance of Keyfactor's sample handler, as a fresh {@link CommandModel} starts: the orchestrator
 * {@code orchestrator.kftrain.lab}, its WinCert store, certificates 11 to 13, the custom job type
 * {@code RestartService}; and, when asked, the job history the sample README captured.
 */
final class SampleInstance {

    private SampleInstance() {
    }

    /** Adds the sample's orchestrator, WinCert store, certificates 11 to 13 and custom job type to {@code model}. */
    static void seed(CommandModel model, Instant now) {
        long seed = model.seed();
        List<String> caps = new ArrayList<>();
        for (SimStoreType t : model.storeTypes()) {
            if (List.of("wincert", "iisu").contains(t.shortName().toLowerCase(Locale.ROOT))) {
                for (StoreJobKind k : StoreJobKind.values()) {
                    t.jobTypeId(k).ifPresent(id -> caps.add("CertStores." + t.capability() + "." + k.suffix()));
                }
            }
        }
        caps.add(CommandModel.RESTART_SERVICE);
        SimAgent agent = model.addAgent(new SimAgent(GuidDerivation.agentId(seed, 1), "orchestrator.kftrain.lab",
                "KFTRAIN\\SVC_Orchestrator", SimAgent.PLATFORM_UNIVERSAL, "10.4.1.0", SimAgent.STATUS_APPROVED, now,
                caps));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spnwithport", "false");
        props.put("WinRM Protocol", "https");
        props.put("WinRM Port", "5986");
        props.put("ServerUsername", null);
        props.put("ServerPassword", null);
        props.put("ServerUseSsl", "true");
        SimStore store = model.addStore("WinCert", "iistarget.kftrain.lab", "My", agent.agentId(), 1, props);
        int storeTypeId = store.certStoreType();
        for (int id = 11; id <= 13; id++) {
            model.addCertificate(SimCertificate.issued(seed, id, "web" + (id - 10) + ".kftrain.lab", now.minus(Duration.ofDays(30L * id)),
                    List.of(new SimCertificate.Location(store.id(), store.clientMachine(), store.storePath(),
                            storeTypeId, null))));
        }
        model.addCustomJobType(new SimCustomJobType(GuidDerivation.derive(seed, "customjobtype:" + CommandModel.RESTART_SERVICE),
                CommandModel.RESTART_SERVICE, "Restarts a Windows service on the orchestrator's host",
                List.of(new SimCustomJobType.Field("ServiceName", 1, "W3SVC", true),
                        new SimCustomJobType.Field("TimeoutSeconds", 2, "30", false),
                        new SimCustomJobType.Field("Force", 4, "false", false))));
    }

    /** Adds the four rows of Keyfactor's captured JobHistory sample to {@code model}'s default store's inventory. */
    static List<HistoryRow> history(CommandModel model) {
        SimStore store = model.defaultStore();
        SimJob job = model.job(store.inventoryJobId()).orElseThrow();
        SimAgent agent = model.agent(store.agentId()).orElseThrow();
        List<HistoryRow> rows = new ArrayList<>();
        Instant first = Instant.parse("2023-05-06T00:27:00Z");
        for (int i = 0; i < 4; i++) {
            boolean done = i < 3;
            Instant start = first.plus(Duration.ofMinutes(i));
            rows.add(model.addJobHistory(new HistoryRow(2168 + i, agent.clientMachine(), job.jobId(), job.schedule(),
                    job.jobTypeName(), start, done ? start : null, "",
                    done ? SimJobResult.SUCCESS : SimJobResult.UNKNOWN,
                    done ? SimHistoryStatus.COMPLETED : SimHistoryStatus.IN_PROCESS, store.storePath(),
                    store.clientMachine(), null, agent.agentId(), job.jobTypeId(), 0)));
        }
        return rows;
    }
}
