package io.jobhook.simulator.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.simulator.HistoryRow;
import io.jobhook.simulator.SimHistoryStatus;
import io.jobhook.simulator.SimJob;
import io.jobhook.simulator.SimJobResult;
import io.jobhook.simulator.SimSchedule;

/**
 * The Command API endpoints, after authentication: routes a request (path segments after the base path,
 * matched without case) to the model and renders the answer.
 */
public final class ApiRoutes {

    /** A row of {@code ScheduledJobs}. */
    public record ScheduledRow(SimJob job, String clientMachine, String target) {
    }

    static final FieldSet<HistoryRow> HISTORY_FIELDS = new FieldSet<HistoryRow>()
            .add("JobHistoryId", FieldSet.Kind.NUMBER, HistoryRow::jobHistoryId)
            .add("AgentMachine", FieldSet.Kind.STRING, HistoryRow::agentMachine)
            .add("JobId", FieldSet.Kind.GUID, HistoryRow::jobId)
            .add("Schedule", FieldSet.Kind.STRING, r -> r.schedule() == null ? null : r.schedule().queryForm())
            .add("JobType", FieldSet.Kind.STRING, HistoryRow::jobType)
            .add("OperationStart", FieldSet.Kind.DATE, HistoryRow::operationStart)
            .add("OperationEnd", FieldSet.Kind.DATE, HistoryRow::operationEnd)
            .add("Message", FieldSet.Kind.STRING, HistoryRow::message)
            .addEnum("Result", SimJobResult.class, HistoryRow::result)
            .addEnum("Status", SimHistoryStatus.class, HistoryRow::status)
            .add("StorePath", FieldSet.Kind.STRING, HistoryRow::storePath)
            .add("ClientMachine", FieldSet.Kind.STRING, HistoryRow::clientMachine)
            .addQueryOnly("AgentId", FieldSet.Kind.GUID, HistoryRow::agentId)
            .addQueryOnly("Agent", FieldSet.Kind.STRING, HistoryRow::agentMachine)
            .addQueryOnly("JobTypeId", FieldSet.Kind.GUID, HistoryRow::jobTypeId)
            .addQueryOnly("ScheduleType", FieldSet.Kind.STRING,
                    r -> r.schedule() == null ? "IMMEDIATE" : r.schedule().queryForm())
            .addQueryOnly("TargetPath", FieldSet.Kind.STRING, HistoryRow::storePath);

    static final FieldSet<ScheduledRow> SCHEDULED_FIELDS = new FieldSet<ScheduledRow>()
            .add("Id", FieldSet.Kind.GUID, r -> r.job().jobId())
            .add("ClientMachine", FieldSet.Kind.STRING, ScheduledRow::clientMachine)
            .add("Target", FieldSet.Kind.STRING, ScheduledRow::target)
            .add("Schedule", FieldSet.Kind.STRING, r -> r.job().schedule().queryForm())
            .add("Requested", FieldSet.Kind.DATE, r -> r.job().requested())
            .add("JobType", FieldSet.Kind.STRING, r -> r.job().jobTypeName());

    static final FieldSet<SimAgent> AGENT_FIELDS = new FieldSet<SimAgent>()
            .add("AgentId", FieldSet.Kind.GUID, SimAgent::agentId)
            .add("ClientMachine", FieldSet.Kind.STRING, SimAgent::clientMachine)
            .add("Username", FieldSet.Kind.STRING, SimAgent::username)
            .add("AgentPlatform", FieldSet.Kind.NUMBER, SimAgent::agentPlatform)
            .add("Version", FieldSet.Kind.STRING, SimAgent::version)
            .addEnum("Status", SimAgentStatus.class, a -> SimAgentStatus.of(a.status()))
            .add("LastSeen", FieldSet.Kind.DATE, SimAgent::lastSeen)
            .addQueryOnly("Capabilities", FieldSet.Kind.STRING, a -> String.join(",", a.capabilities()));

    static final FieldSet<SimStoreType> STORE_TYPE_FIELDS = new FieldSet<SimStoreType>()
            .add("Name", FieldSet.Kind.STRING, t -> t.definition().name())
            .add("ShortName", FieldSet.Kind.STRING, SimStoreType::shortName)
            .add("Capability", FieldSet.Kind.STRING, SimStoreType::capability)
            .add("StoreType", FieldSet.Kind.NUMBER, SimStoreType::storeType)
            .add("ImportType", FieldSet.Kind.NUMBER, SimStoreType::storeType)
            .add("LocalStore", FieldSet.Kind.BOOLEAN, t -> t.definition().localStore())
            .add("ServerRequired", FieldSet.Kind.BOOLEAN, t -> t.definition().serverRequired())
            .add("PowerShell", FieldSet.Kind.BOOLEAN, t -> t.definition().powerShell())
            .add("BlueprintAllowed", FieldSet.Kind.BOOLEAN, t -> t.definition().blueprintAllowed())
            .add("PrivateKeyAllowed", FieldSet.Kind.STRING, t -> t.definition().privateKeyAllowed())
            .add("CustomAliasAllowed", FieldSet.Kind.STRING, t -> t.definition().customAliasAllowed())
            .add("StorePathType", FieldSet.Kind.STRING, t -> t.definition().storePathType())
            .add("StorePathValue", FieldSet.Kind.STRING, t -> t.definition().storePathValue())
            .add("InventoryJobType", FieldSet.Kind.GUID, SimStoreType::inventoryJobType)
            .add("ManagementJobType", FieldSet.Kind.GUID, SimStoreType::managementJobType)
            .add("DiscoveryJobType", FieldSet.Kind.GUID, SimStoreType::discoveryJobType)
            .add("EnrollmentJobType", FieldSet.Kind.GUID, SimStoreType::enrollmentJobType);

    static final FieldSet<SimCustomJobType> CUSTOM_JOB_TYPE_FIELDS = new FieldSet<SimCustomJobType>()
            .add("Id", FieldSet.Kind.GUID, SimCustomJobType::id)
            .add("JobTypeName", FieldSet.Kind.STRING, SimCustomJobType::jobTypeName)
            .add("Description", FieldSet.Kind.STRING, SimCustomJobType::description);

    /** The endpoints served, as {@code GET /Status/Endpoints} lists them. */
    static final List<String> ENDPOINTS = List.of(
            "GET /CertificateStoreTypes", "GET /CertificateStoreTypes/Name/{name}", "GET /CertificateStoreTypes/{id}",
            "GET /OrchestratorJobs/JobHistory", "GET /OrchestratorJobs/ScheduledJobs", "POST /OrchestratorJobs/Custom",
            "GET /OrchestratorJobs/JobStatus/Data", "POST /OrchestratorJobs/Acknowledge",
            "POST /OrchestratorJobs/Reschedule", "GET /JobTypes/Custom", "GET /JobTypes/Custom/{id}", "GET /Agents",
            "GET /Agents/{id}", "GET /Certificates/{id}", "GET /CertificateStores/{id}", "GET /Status/Endpoints");

    private final CommandModel model;
    private final JsonShapes json;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ApiRoutes(CommandModel model, ObjectMapper mapper, Clock clock) {
        this.model = model;
        this.mapper = mapper;
        this.json = new JsonShapes(mapper);
        this.clock = clock;
    }

    /**
     * @param method the request's method
     * @param segs the path segments after the base path
     * @throws ApiError for every answer other than success
     */
    public SimResponse route(SimRequest req, List<String> segs) {
        String method = req.method();
        String s0 = seg(segs, 0);
        String s1 = seg(segs, 1);
        int n = segs.size();
        switch (s0) {
            case "certificatestoretypes":
                if (n == 1) {
                    requireGet(method);
                    return ok(json.array(listing(req, "cstquery.", model.storeTypes(), STORE_TYPE_FIELDS)
                            .stream().map(json::storeType).toList()));
                }
                if (n == 3 && s1.equals("name")) {
                    requireGet(method);
                    SimStoreType t = model.storeType(segs.get(2)).orElseThrow(() -> ApiError.notFound(
                            "Certificate store type with short name '" + segs.get(2) + "' does not exist"));
                    return ok(json.array(List.of(json.storeType(t))));
                }
                if (n == 2) {
                    requireGet(method);
                    int id = intId(segs.get(1), "certificate store type");
                    return ok(json.storeType(model.storeType(id).orElseThrow(() -> ApiError.notFound(
                            "Certificate store type " + id + " does not exist"))));
                }
                break;
            case "orchestratorjobs":
                if (n == 2) {
                    switch (s1) {
                        case "jobhistory":
                            requireGet(method);
                            return ok(json.array(listing(req, "pq.", model.jobHistory(), HISTORY_FIELDS).stream()
                                    .map(json::historyRow).toList()));
                        case "scheduledjobs":
                            requireGet(method);
                            return ok(json.array(listing(req, "pq.", scheduledRows(), SCHEDULED_FIELDS).stream()
                                    .map(r -> json.scheduledJob(r.job(), r.clientMachine(), r.target())).toList()));
                        case "custom":
                            requirePost(method);
                            return scheduleCustom(req);
                        case "acknowledge":
                            requirePost(method);
                            model.acknowledge(selectRows(req));
                            return new SimResponse(204);
                        case "reschedule":
                            requirePost(method);
                            model.reschedule(selectRows(req));
                            return new SimResponse(204);
                        default:
                            break;
                    }
                }
                if (n == 3 && s1.equals("jobstatus") && seg(segs, 2).equals("data")) {
                    requireGet(method);
                    return jobStatusData(req);
                }
                break;
            case "jobtypes":
                if (n == 2 && s1.equals("custom")) {
                    requireGet(method);
                    return ok(json.array(listing(req, "pq.", model.customJobTypes(), CUSTOM_JOB_TYPE_FIELDS).stream()
                            .map(json::customJobType).toList()));
                }
                if (n == 3 && s1.equals("custom")) {
                    requireGet(method);
                    UUID id = guidId(segs.get(2), "custom job type");
                    return ok(json.customJobType(model.customJobTypes().stream().filter(t -> t.id().equals(id))
                            .findFirst().orElseThrow(() -> ApiError.notFound("Custom job type " + id
                                    + " does not exist"))));
                }
                break;
            case "agents":
                if (n == 1) {
                    requireGet(method);
                    return ok(json.array(listing(req, "pq.", model.agents(), AGENT_FIELDS).stream().map(json::agent)
                            .toList()));
                }
                if (n == 2) {
                    requireGet(method);
                    UUID id = guidId(segs.get(1), "orchestrator");
                    return ok(json.agent(model.agent(id).orElseThrow(() -> ApiError.notFound(
                            "Orchestrator " + id + " does not exist"))));
                }
                break;
            case "certificates":
                if (n == 2) {
                    requireGet(method);
                    int id = intId(segs.get(1), "certificate");
                    Map<String, List<String>> q = req.queryParameters();
                    SimCertificate c = model.certificate(id).orElseThrow(() -> ApiError.notFound(
                            "Certificate " + id + " does not exist"));
                    return ok(json.certificate(c, boolParam(q, "includeLocations"), boolParam(q, "includeMetadata")));
                }
                break;
            case "certificatestores":
                if (n == 2) {
                    requireGet(method);
                    UUID id = guidId(segs.get(1), "certificate store");
                    return ok(json.store(model.store(id).orElseThrow(() -> ApiError.notFound(
                            "Certificate store " + id + " does not exist"))));
                }
                break;
            case "status":
                if (n == 2 && s1.equals("endpoints")) {
                    requireGet(method);
                    return ok(json.strings(ENDPOINTS));
                }
                break;
            default:
                break;
        }
        throw ApiError.notFound("No endpoint " + method + " /" + String.join("/", segs));
    }

    private static String seg(List<String> segs, int i) {
        return i < segs.size() ? segs.get(i).toLowerCase(Locale.ROOT) : "";
    }

    private static void requireGet(String method) {
        if (!method.equals("GET")) {
            throw new ApiError(405, ApiError.METHOD_NOT_ALLOWED, "The endpoint answers GET, not " + method);
        }
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw new ApiError(405, ApiError.METHOD_NOT_ALLOWED, "The endpoint answers POST, not " + method);
        }
    }

    private <T> List<T> listing(SimRequest req, String prefix, List<T> rows, FieldSet<T> fields) {
        try {
            return Listing.from(req.queryParameters(), prefix).apply(rows, fields, clock);
        } catch (QueryException e) {
            throw new ApiError(400, ApiError.INVALID_PARAMETER, e.getMessage());
        }
    }

    private List<ScheduledRow> scheduledRows() {
        List<ScheduledRow> rows = new ArrayList<>();
        for (SimJob j : model.scheduledJobs()) {
            String agent = model.agent(j.agentId()).map(SimAgent::clientMachine).orElse(null);
            String target = j.storeId() == null ? null
                    : model.store(j.storeId()).map(s -> s.clientMachine() + " " + s.storePath()).orElse(null);
            rows.add(new ScheduledRow(j, agent, target));
        }
        return rows;
    }

    private SimResponse scheduleCustom(SimRequest req) {
        JsonNode body = jsonBody(req);
        UUID agentId = guidField(body, "AgentId");
        String jobTypeName = textField(body, "JobTypeName");
        if (jobTypeName == null || jobTypeName.isBlank()) {
            throw ApiError.badRequest("JobTypeName is required");
        }
        SimSchedule schedule;
        try {
            schedule = ScheduleJson.fromJson(field(body, "Schedule"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonNode jf = field(body, "JobFields");
        if (jf != null && !jf.isNull()) {
            if (!jf.isObject()) {
                throw ApiError.badRequest("JobFields must be an object of field names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = jf.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isContainerNode()) {
                    throw ApiError.badRequest("Job field '" + e.getKey() + "' must be a string, number or boolean");
                }
                fields.put(e.getKey(), v.isNull() ? null : v.asText());
            }
        }
        try {
            SimJob job = model.scheduleCustomJob(agentId, jobTypeName, schedule, fields);
            return ok(json.customJob(job));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private SimResponse jobStatusData(SimRequest req) {
        Map<String, List<String>> q = req.queryParameters();
        String v = param(q, "jobHistoryId");
        if (v == null || v.isBlank()) {
            throw ApiError.badRequest("The query parameter jobHistoryId is required");
        }
        long id;
        try {
            id = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("jobHistoryId '" + v + "' is not a number");
        }
        HistoryRow row = model.jobHistoryRow(id).orElseThrow(() -> ApiError.notFound(
                "Job history row " + id + " does not exist"));
        return ok(json.jobStatusData(row));
    }

    private List<Long> selectRows(SimRequest req) {
        JsonNode body = jsonBody(req);
        JsonNode ids = field(body, "JobAuditIds");
        String query = textField(body, "Query");
        if (ids != null && ids.isArray() && !ids.isEmpty()) {
            List<Long> result = new ArrayList<>();
            for (JsonNode id : ids) {
                if (!id.canConvertToLong()) {
                    throw ApiError.badRequest("JobAuditIds must hold numbers, found " + id);
                }
                result.add(id.asLong());
            }
            requireExisting(result);
            return result;
        }
        if (query != null && !query.isBlank()) {
            try {
                return model.jobHistory().stream().filter(QueryLanguage.compile(query, HISTORY_FIELDS, clock))
                        .map(HistoryRow::jobHistoryId).toList();
            } catch (QueryException e) {
                throw new ApiError(400, ApiError.INVALID_PARAMETER, e.getMessage());
            }
        }
        throw ApiError.badRequest("Give JobAuditIds or Query");
    }

    private void requireExisting(List<Long> ids) {
        List<Long> missing = ids.stream().filter(id -> model.jobHistoryRow(id).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw ApiError.badRequest("Job history rows not found: " + missing);
        }
    }

    private JsonNode jsonBody(SimRequest req) {
        if (req.body().length == 0) {
            throw ApiError.badRequest("A JSON body is required");
        }
        try {
            JsonNode n = mapper.readTree(req.body());
            if (n == null || !n.isObject()) {
                throw ApiError.badRequest("The body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiError.badRequest("The body is not valid JSON");
        }
    }

    private static JsonNode field(JsonNode obj, String name) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return obj.get(f);
            }
        }
        return null;
    }

    private static String textField(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static UUID guidField(JsonNode obj, String name) {
        String v = textField(obj, name);
        if (v == null || v.isBlank()) {
            throw ApiError.badRequest(name + " is required");
        }
        return parseGuid(v).orElseThrow(() -> ApiError.badRequest(name + " '" + v + "' is not a GUID"));
    }

    private static Optional<UUID> parseGuid(String v) {
        String s = v.trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(s.toLowerCase(Locale.ROOT)));
    }

    private static UUID guidId(String v, String what) {
        return parseGuid(v).orElseThrow(() -> ApiError.notFound("No " + what + " '" + v + "' (not a GUID)"));
    }

    private static int intId(String v, String what) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ApiError.notFound("No " + what + " '" + v + "' (not a number)");
        }
    }

    private static String param(Map<String, List<String>> q, String name) {
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(e.getValue().size() - 1);
            }
        }
        return null;
    }

    private static boolean boolParam(Map<String, List<String>> q, String name) {
        String v = param(q, name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw ApiError.badRequest(name + " must be true or false, was '" + v + "'");
    }

    private static SimResponse ok(JsonNode body) {
        return SimResponse.json(200, body.toString());
    }
}
