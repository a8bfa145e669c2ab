package io.jobhook.simulator.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.simulator.Completion;
import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;

/**
 * The JSON of each answer, with Command's field names and forms: JobHistory {@code Result}/{@code Status}
 * as names, Agents' {@code Status}/{@code AgentPlatform} as numbers, timestamps without offset,
 * {@code CertificateStores} {@code Properties} as a JSON text and {@code Storepath} spelt so.
 */
public final class JsonShapes {

    private final ObjectMapper mapper;

    public JsonShapes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static String guid(UUID id) {
        return id == null ? null : id.toString();
    }

    public ObjectNode storeType(SimStoreType t) {
        StoreTypeDefinition d = t.definition();
        ObjectNode n = mapper.createObjectNode();
        n.put("Name", d.name());
        n.put("ShortName", d.shortName());
        n.put("Capability", d.capability());
        n.put("StoreType", t.storeType());
        n.put("ImportType", t.storeType());
        n.put("LocalStore", d.localStore());
        ObjectNode ops = n.putObject("SupportedOperations");
        ops.put("Add", d.supportedOperations().add());
        ops.put("Create", d.supportedOperations().create());
        ops.put("Discovery", d.supportedOperations().discovery());
        ops.put("Enrollment", d.supportedOperations().enrollment());
        ops.put("Remove", d.supportedOperations().remove());
        ArrayNode props = n.putArray("Properties");
        for (StoreTypeDefinition.Property p : d.properties()) {
            ObjectNode pn = props.addObject();
            pn.put("StoreTypeId", t.storeType());
            pn.put("Name", p.name());
            pn.put("DisplayName", p.displayName());
            pn.put("Type", p.type());
            pn.put("DependsOn", p.dependsOn());
            pn.put("DefaultValue", p.defaultValue());
            pn.put("Required", p.required());
        }
        ArrayNode entries = n.putArray("EntryParameters");
        for (StoreTypeDefinition.EntryParameter p : d.entryParameters()) {
            ObjectNode pn = entries.addObject();
            pn.put("StoreTypeId", t.storeType());
            pn.put("Name", p.name());
            pn.put("DisplayName", p.displayName());
            pn.put("Type", p.type());
            ObjectNode when = pn.putObject("RequiredWhen");
            p.requiredWhen().forEach(when::put);
            pn.put("DependsOn", p.dependsOn());
            pn.put("DefaultValue", p.defaultValue());
            pn.put("Options", p.options());
        }
        ObjectNode pw = n.putObject("PasswordOptions");
        pw.put("EntrySupported", d.passwordOptions().entrySupported());
        pw.put("StoreRequired", d.passwordOptions().storeRequired());
        pw.put("Style", d.passwordOptions().style());
        n.put("StorePathType", d.storePathType());
        n.put("StorePathValue", d.storePathValue());
        n.put("PrivateKeyAllowed", d.privateKeyAllowed());
        ArrayNode jobProps = n.putArray("JobProperties");
        d.jobProperties().forEach(jobProps::add);
        n.put("ServerRequired", d.serverRequired());
        n.put("PowerShell", d.powerShell());
        n.put("BlueprintAllowed", d.blueprintAllowed());
        n.put("CustomAliasAllowed", d.customAliasAllowed());
        n.put("ServerRegistration", 0);
        n.putNull("InventoryEndpoint");
        n.put("InventoryJobType", guid(t.inventoryJobType()));
        n.put("ManagementJobType", guid(t.managementJobType()));
        n.put("DiscoveryJobType", guid(t.discoveryJobType()));
        n.put("EnrollmentJobType", guid(t.enrollmentJobType()));
        return n;
    }

    public ObjectNode historyRow(HistoryRow r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("JobHistoryId", r.jobHistoryId());
        n.put("AgentMachine", r.agentMachine());
        n.put("JobId", guid(r.jobId()));
        if (r.schedule() == null) {
            n.putNull("Schedule");
        } else {
            n.set("Schedule", ScheduleJson.toJson(r.schedule()));
        }
        n.put("JobType", r.jobType());
        n.put("OperationStart", Timestamps.format(r.operationStart()));
        n.put("OperationEnd", Timestamps.format(r.operationEnd()));
        n.put("Message", r.message());
        n.put("Result", r.result().keyfactorName());
        n.put("Status", r.status().keyfactorName());
        n.put("StorePath", r.storePath());
        n.put("ClientMachine", r.clientMachine());
        return n;
    }

    /** {@code ScheduledJobs} row; {@code target} is the store's machine and path, or null. */
    public ObjectNode scheduledJob(SimJob j, String clientMachine, String target) {
        ObjectNode n = mapper.createObjectNode();
        n.put("Id", guid(j.jobId()));
        n.put("ClientMachine", clientMachine);
        n.put("Target", target);
        n.set("Schedule", ScheduleJson.toJson(j.schedule()));
        n.put("Requested", Timestamps.format(j.requested()));
        n.put("JobType", j.jobTypeName());
        return n;
    }

    public ObjectNode agent(SimAgent a) {
        ObjectNode n = mapper.createObjectNode();
        n.put("AgentId", guid(a.agentId()));
        n.put("ClientMachine", a.clientMachine());
        n.put("Username", a.username());
        n.put("AgentPlatform", a.agentPlatform());
        n.put("Version", a.version());
        n.put("Status", a.status());
        n.put("LastSeen", Timestamps.format(a.lastSeen()));
        ArrayNode caps = n.putArray("Capabilities");
        a.capabilities().forEach(caps::add);
        n.putNull("Blueprint");
        n.putNull("Thumbprint");
        n.putNull("LegacyThumbprint");
        n.putNull("AuthCertificateReenrollment");
        n.putNull("LastThumbprintUsed");
        n.putNull("LastErrorCode");
        n.putNull("LastErrorMessage");
        return n;
    }

    public ObjectNode certificate(SimCertificate c, boolean includeLocations, boolean includeMetadata) {
        ObjectNode n = mapper.createObjectNode();
        n.put("Id", c.id());
        n.put("Thumbprint", c.thumbprint());
        n.put("SerialNumber", c.serialNumber());
        n.put("IssuedDN", c.issuedDN());
        n.put("IssuedCN", c.issuedCN());
        n.put("ImportDate", Timestamps.format(c.importDate()));
        n.put("NotBefore", Timestamps.format(c.notBefore()));
        n.put("NotAfter", Timestamps.format(c.notAfter()));
        n.put("IssuerDN", c.issuerDN());
        n.putNull("PrincipalId");
        n.put("TemplateId", 1);
        n.put("CertState", c.certState());
        n.put("KeySizeInBits", c.keySizeInBits());
        n.put("KeyType", c.keyType());
        n.put("RequesterId", 1);
        n.put("KeyUsage", 160);
        n.put("SigningAlgorithm", "SHA256RSA");
        n.put("CertStateString", c.certStateName());
        n.put("KeyTypeString", c.keyTypeName());
        n.put("CertificateAuthorityName", "kftrain-CA");
        n.put("TemplateName", "WebServer");
        n.put("HasPrivateKey", false);
        ArrayNode counts = n.putArray("LocationsCount");
        if (!c.locations().isEmpty()) {
            counts.addObject().put("Type", "WinCert").put("Count", c.locations().size());
        }
        ArrayNode locs = n.putArray("Locations");
        if (includeLocations) {
            for (SimCertificate.Location l : c.locations()) {
                ObjectNode ln = locs.addObject();
                ln.put("StoreMachine", l.storeMachine());
                ln.put("StorePath", l.storePath());
                ln.put("StoreType", l.storeType());
                ln.put("Alias", l.alias() == null ? c.thumbprint() : l.alias());
                ln.put("ChainLevel", 0);
                ln.put("CertStoreId", guid(l.certStoreId()));
            }
        }
        ObjectNode md = n.putObject("Metadata");
        if (includeMetadata) {
            c.metadata().forEach(md::put);
        }
        return n;
    }

    public ObjectNode store(SimStore s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("Id", guid(s.id()));
        n.putNull("ContainerId");
        n.put("ClientMachine", s.clientMachine());
        n.put("Storepath", s.storePath());
        n.put("CertStoreInventoryJobId", guid(s.inventoryJobId()));
        n.put("CertStoreType", s.certStoreType());
        n.put("Approved", true);
        n.put("CreateIfMissing", false);
        try {
            n.put("Properties", mapper.writeValueAsString(s.properties()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write store properties", e);
        }
        n.put("AgentId", guid(s.agentId()));
        n.put("AgentAssigned", s.agentId() != null);
        n.putNull("ContainerName");
        n.set("InventorySchedule", ScheduleJson.toJson(s.inventorySchedule()));
        n.put("ReenrollmentStatus", (String) null);
        n.put("SetNewPasswordAllowed", false);
        return n;
    }

    public ObjectNode customJobType(SimCustomJobType t) {
        ObjectNode n = mapper.createObjectNode();
        n.put("Id", guid(t.id()));
        n.put("JobTypeName", t.jobTypeName());
        n.put("Description", t.description());
        ArrayNode fields = n.putArray("JobTypeFields");
        for (SimCustomJobType.Field f : t.jobTypeFields()) {
            fields.addObject().put("Name", f.name()).put("Type", f.type()).put("DefaultValue", f.defaultValue())
                    .put("Required", f.required());
        }
        return n;
    }

    /** The answer of {@code POST /OrchestratorJobs/Custom}. */
    public ObjectNode customJob(SimJob j) {
        ObjectNode n = mapper.createObjectNode();
        n.put("JobId", guid(j.jobId()));
        n.put("OrchestratorId", guid(j.agentId()));
        n.put("JobTypeName", j.jobTypeName());
        n.set("Schedule", ScheduleJson.toJson(j.schedule()));
        ArrayNode fields = n.putArray("JobFields");
        j.jobFields().forEach((k, v) -> fields.addObject().put("JobTypeField", k).put("Value", v));
        n.put("RequestTimestamp", Timestamps.format(j.requested()));
        return n;
    }

    public ObjectNode jobStatusData(HistoryRow r) {
        ObjectNode n = mapper.createObjectNode();
        n.put("JobHistoryId", r.jobHistoryId());
        n.put("Data", r.data());
        return n;
    }

    /** Keyfactor's error body. */
    public ObjectNode error(String code, String message) {
        ObjectNode n = mapper.createObjectNode();
        n.put("ErrorCode", code);
        n.put("Message", message);
        return n;
    }

    /** The pushed completion, with the context's Keyfactor field names. */
    public ObjectNode completion(Completion c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("AgentId", guid(c.agentId()));
        n.put("Username", c.username());
        n.put("ClientMachine", c.clientMachine());
        n.put("JobResult", c.jobResult().keyfactorName());
        n.put("JobId", guid(c.jobId()));
        n.put("JobType", c.jobType());
        n.put("JobTypeId", guid(c.jobTypeId()));
        n.put("OperationType", c.operationType().keyfactorName());
        if (c.certificateId() == null) {
            n.putNull("CertificateId");
        } else {
            n.put("CertificateId", c.certificateId());
        }
        n.put("RequestTimestamp", Timestamps.format(c.requestTimestamp()));
        n.put("CurrentRetryCount", c.currentRetryCount());
        return n;
    }

    public ArrayNode array(List<ObjectNode> items) {
        ArrayNode a = mapper.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    public ArrayNode strings(List<String> items) {
        ArrayNode a = mapper.createArrayNode();
        items.forEach(a::add);
        return a;
    }

    public ObjectNode object(Map<String, ?> values) {
        return mapper.valueToTree(values);
    }

    /** @return what a custom job's run returns ({@code JobStatus/Data}): its type, result, end and fields, as JSON text */
    static String customJobData(ObjectMapper mapper, SimJob job, SimJobResult result, Instant t) {
        ObjectNode data = mapper.createObjectNode();
        data.put("JobTypeName", job.jobTypeName());
        data.put("Result", result.keyfactorName());
        data.put("CompletedAt", Timestamps.format(t));
        ObjectNode fields = data.putObject("JobFields");
        job.jobFields().forEach(fields::put);
        return data.toString();
    }
}
