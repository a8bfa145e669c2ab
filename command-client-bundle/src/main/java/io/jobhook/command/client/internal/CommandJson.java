package io.jobhook.command.client.internal;

import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jobhook.api.Guids;
import io.jobhook.api.JobResult;
import io.jobhook.api.KeyfactorEnum;
import io.jobhook.api.command.Agent;
import io.jobhook.api.command.Certificate;
import io.jobhook.api.command.CertificateStore;
import io.jobhook.api.command.CertificateStoreType;
import io.jobhook.api.command.CustomJobRequest;
import io.jobhook.api.command.CustomJobType;
import io.jobhook.api.command.JobAuditSelection;
import io.jobhook.api.command.JobHistoryEntry;
import io.jobhook.api.command.JobHistoryStatus;
import io.jobhook.api.command.JobStatusData;
import io.jobhook.api.command.Schedule;
import io.jobhook.api.command.ScheduledCustomJob;
import io.jobhook.api.command.ScheduledJob;
import io.jobhook.api.command.StoreTypeEntryParameter;
import io.jobhook.api.command.StoreTypeProperty;
import io.jobhook.api.command.SupportedOperations;

/**
 * Command's JSON, read as Command really writes it: field names in any case, enumerations as names or
 * numbers, timestamps with or without an offset (without: UTC), absent and null fields alike. A shape
 * that cannot be Command's (an object where a list belongs, a malformed GUID) is an
 * {@link AnswerFormatException}.
 */
final class CommandJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Command's answer does not have the shape it should. */
    static final class AnswerFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private CommandJson() {
    }

    // ---- reading -------------------------------------------------------------------------------

    static JsonNode read(String body) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new AnswerFormatException("empty body where JSON was expected", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AnswerFormatException("not valid JSON (" + e.getOriginalMessage() + "): " + excerpt(body), e);
        }
    }

    static JsonNode readOrNull(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the start of a body for an error message, one line, at most 120 characters */
    static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
    }

    static <T> List<T> list(JsonNode node, Function<JsonNode, T> item) throws AnswerFormatException {
        if (!node.isArray()) {
            throw new AnswerFormatException("expected a JSON array, got " + node.getNodeType(), null);
        }
        List<T> result = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            result.add(guarded(element, item));
        }
        return result;
    }

    static <T> T object(JsonNode node, Function<JsonNode, T> item) throws AnswerFormatException {
        if (!node.isObject()) {
            throw new AnswerFormatException("expected a JSON object, got " + node.getNodeType(), null);
        }
        return guarded(node, item);
    }

    private static <T> T guarded(JsonNode node, Function<JsonNode, T> item) throws AnswerFormatException {
        try {
            return item.apply(node);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new AnswerFormatException(e.getMessage(), e);
        }
    }

    /** @return the member of {@code object} named {@code name} in any case, or null */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().isNull() ? null : e.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode object, String name) {
        JsonNode n = field(object, name);
        return n == null ? null : n.asText();
    }

    static boolean bool(JsonNode object, String name) {
        JsonNode n = field(object, name);
        return n != null && (n.isBoolean() ? n.booleanValue() : Boolean.parseBoolean(n.asText()));
    }

    static int integer(JsonNode object, String name) {
        JsonNode n = field(object, name);
        if (n == null) {
            return 0;
        }
        if (n.isNumber()) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + n.asText() + "'");
        }
    }

    static long longValue(JsonNode object, String name) {
        JsonNode n = field(object, name);
        if (n == null) {
            return 0;
        }
        if (n.isNumber()) {
            return n.longValue();
        }
        try {
            return Long.parseLong(n.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + n.asText() + "'");
        }
    }

    static Integer nullableInteger(JsonNode object, String name) {
        return field(object, name) == null ? null : integer(object, name);
    }

    static UUID guid(JsonNode object, String name) {
        String s = text(object, name);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Guids.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** Command writes most timestamps without an offset; they are UTC. */
    static Instant instant(JsonNode object, String name) {
        String s = text(object, name);
        return s == null || s.isBlank() ? null : parseInstant(s.trim());
    }

    static Instant parseInstant(String s) {
        String text = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    /** An enumeration sent as a name or a number; a value this version does not know reads as {@code unknown}. */
    static <E extends Enum<E> & KeyfactorEnum> E enumeration(JsonNode object, String name, Class<E> type, E unknown) {
        String s = text(object, name);
        if (s == null) {
            return unknown;
        }
        try {
            return KeyfactorEnum.parse(type, s);
        } catch (IllegalArgumentException e) {
            return unknown;
        }
    }

    static List<String> strings(JsonNode object, String name) {
        JsonNode n = field(object, name);
        List<String> result = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> result.add(e.asText()));
        }
        return result;
    }

    static Map<String, String> stringMap(JsonNode object, String name) {
        JsonNode n = field(object, name);
        Map<String, String> result = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        result.values().removeIf(v -> v == null);
        return result;
    }

    // ---- Command's types -----------------------------------------------------------------------

    static Schedule schedule(JsonNode object, String name) {
        JsonNode s = field(object, name);
        if (s == null || !s.isObject()) {
            return null;
        }
        if (bool(s, "Immediate")) {
            return Schedule.immediate();
        }
        JsonNode interval = field(s, "Interval");
        if (interval != null) {
            return new Schedule.Interval(integer(interval, "Minutes"));
        }
        JsonNode daily = field(s, "Daily");
        if (daily != null) {
            return new Schedule.Daily(instant(daily, "Time"));
        }
        JsonNode weekly = field(s, "Weekly");
        if (weekly != null) {
            List<DayOfWeek> days = new ArrayList<>();
            JsonNode d = field(weekly, "Days");
            if (d != null) {
                d.forEach(day -> days.add(dayOfWeek(day)));
            }
            return new Schedule.Weekly(days, instant(weekly, "Time"));
        }
        JsonNode monthly = field(s, "Monthly");
        if (monthly != null) {
            return new Schedule.Monthly(integer(monthly, "Day"), instant(monthly, "Time"));
        }
        JsonNode once = field(s, "ExactlyOnce");
        if (once != null) {
            return new Schedule.ExactlyOnce(instant(once, "Time"));
        }
        return null;
    }

    /** .NET's DayOfWeek: a name, or a number with 0 for Sunday. */
    private static DayOfWeek dayOfWeek(JsonNode day) {
        if (day.isNumber() || day.asText().matches("\\d")) {
            int n = day.asInt();
            if (n < 0 || n > 6) {
                throw new IllegalArgumentException("day of week " + n + " is not 0 (Sunday) to 6");
            }
            return n == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(n);
        }
        return DayOfWeek.valueOf(day.asText().trim().toUpperCase(Locale.ROOT));
    }

    static ObjectNode scheduleJson(Schedule schedule) {
        ObjectNode s = MAPPER.createObjectNode();
        if (schedule instanceof Schedule.Immediate) {
            s.put("Immediate", true);
        } else if (schedule instanceof Schedule.Interval i) {
            s.putObject("Interval").put("Minutes", i.minutes());
        } else if (schedule instanceof Schedule.Daily d) {
            s.putObject("Daily").put("Time", d.time().toString());
        } else if (schedule instanceof Schedule.Weekly w) {
            ObjectNode weekly = s.putObject("Weekly");
            ArrayNode days = weekly.putArray("Days");
            w.days().forEach(day -> days.add(day.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)));
            weekly.put("Time", w.time().toString());
        } else if (schedule instanceof Schedule.Monthly m) {
            s.putObject("Monthly").put("Day", m.day()).put("Time", m.time().toString());
        } else if (schedule instanceof Schedule.ExactlyOnce o) {
            s.putObject("ExactlyOnce").put("Time", o.time().toString());
        }
        return s;
    }

    static CertificateStoreType storeType(JsonNode t) {
        JsonNode ops = field(t, "SupportedOperations");
        List<StoreTypeProperty> properties = new ArrayList<>();
        JsonNode p = field(t, "Properties");
        if (p != null) {
            p.forEach(x -> properties.add(new StoreTypeProperty(text(x, "Name"), text(x, "DisplayName"),
                    propertyType(x), bool(x, "Required"), text(x, "DefaultValue"), text(x, "DependsOn"))));
        }
        List<StoreTypeEntryParameter> entries = new ArrayList<>();
        JsonNode e = field(t, "EntryParameters");
        if (e != null) {
            e.forEach(x -> {
                Map<String, Boolean> requiredWhen = new LinkedHashMap<>();
                JsonNode rw = field(x, "RequiredWhen");
                if (rw != null && rw.isObject()) {
                    rw.fields().forEachRemaining(f -> requiredWhen.put(f.getKey(), f.getValue().asBoolean()));
                }
                entries.add(new StoreTypeEntryParameter(text(x, "Name"), text(x, "DisplayName"), propertyType(x),
                        requiredWhen, text(x, "DefaultValue"), text(x, "Options")));
            });
        }
        return new CertificateStoreType(integer(t, "StoreType"), text(t, "Name"), text(t, "ShortName"),
                text(t, "Capability"), bool(t, "LocalStore"),
                new SupportedOperations(bool(ops, "Add"), bool(ops, "Create"), bool(ops, "Discovery"),
                        bool(ops, "Enrollment"), bool(ops, "Remove")),
                properties, entries, allowance(t, "PrivateKeyAllowed"), allowance(t, "CustomAliasAllowed"),
                bool(t, "ServerRequired"), bool(t, "PowerShell"), bool(t, "BlueprintAllowed"),
                text(t, "InventoryEndpoint"), guid(t, "InventoryJobType"), guid(t, "ManagementJobType"),
                guid(t, "DiscoveryJobType"), guid(t, "EnrollmentJobType"));
    }

    private static final List<String> PROPERTY_TYPES = List.of("String", "MultipleChoice", "Bool", "Secret");
    private static final List<String> ALLOWANCES = List.of("Forbidden", "Optional", "Required");

    /** A store type property's type: a name, or Command's number (0 String, 1 MultipleChoice, 2 Bool, 3 Secret). */
    private static String propertyType(JsonNode x) {
        return byNumber(text(x, "Type"), PROPERTY_TYPES);
    }

    /** Forbidden, Optional or Required: a name, or Command's number 0, 1, 2. */
    private static String allowance(JsonNode t, String name) {
        return byNumber(text(t, name), ALLOWANCES);
    }

    private static String byNumber(String value, List<String> names) {
        if (value != null && value.matches("\\d+")) {
            int i = Integer.parseInt(value);
            return i < names.size() ? names.get(i) : value;
        }
        return value;
    }

    static JobHistoryEntry jobHistoryEntry(JsonNode r) {
        return new JobHistoryEntry(longValue(r, "JobHistoryId"), text(r, "AgentMachine"), guid(r, "JobId"),
                schedule(r, "Schedule"), text(r, "JobType"), instant(r, "OperationStart"), instant(r, "OperationEnd"),
                text(r, "Message"), enumeration(r, "Result", JobResult.class, JobResult.UNKNOWN),
                enumeration(r, "Status", JobHistoryStatus.class, JobHistoryStatus.UNKNOWN), text(r, "StorePath"),
                text(r, "ClientMachine"));
    }

    static ScheduledJob scheduledJob(JsonNode j) {
        Instant requested;
        try {
            requested = instant(j, "Requested");
        } catch (DateTimeParseException e) {
            requested = null; // documented as a string; not always a timestamp
        }
        return new ScheduledJob(guid(j, "Id"), text(j, "ClientMachine"), text(j, "Target"), schedule(j, "Schedule"),
                requested, text(j, "JobType"));
    }

    static String customJobRequestJson(CustomJobRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("AgentId", request.agentId().toString());
        body.put("JobTypeName", request.jobTypeName());
        body.set("Schedule", scheduleJson(request.schedule()));
        ObjectNode fields = body.putObject("JobFields");
        request.jobFields().forEach((k, v) -> fields.set(k, MAPPER.valueToTree(v)));
        return body.toString();
    }

    static ScheduledCustomJob scheduledCustomJob(JsonNode j) {
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode f = field(j, "JobFields");
        if (f != null && f.isArray()) {
            f.forEach(x -> fields.put(text(x, "JobTypeField"), text(x, "Value") == null ? "" : text(x, "Value")));
        } else if (f != null && f.isObject()) {
            fields.putAll(stringMap(j, "JobFields"));
        }
        return new ScheduledCustomJob(guid(j, "JobId"), guid(j, "OrchestratorId"), text(j, "JobTypeName"),
                schedule(j, "Schedule"), fields, instant(j, "RequestTimestamp"));
    }

    static JobStatusData jobStatusData(JsonNode d) {
        return new JobStatusData(longValue(d, "JobHistoryId"), text(d, "Data"));
    }

    static CustomJobType customJobType(JsonNode t) {
        List<CustomJobType.Field> fields = new ArrayList<>();
        JsonNode f = field(t, "JobTypeFields");
        if (f != null) {
            f.forEach(x -> fields.add(new CustomJobType.Field(text(x, "Name"), integer(x, "Type"),
                    text(x, "DefaultValue"), bool(x, "Required"))));
        }
        return new CustomJobType(guid(t, "Id"), text(t, "JobTypeName"), text(t, "Description"), fields);
    }

    private static final List<String> AGENT_STATUSES = List.of("Unknown", "New", "Approved", "Disapproved");

    static Agent agent(JsonNode a) {
        String status = text(a, "Status");
        int statusCode = status == null ? 0
                : status.trim().matches("\\d+") ? Integer.parseInt(status.trim())
                : Math.max(0, indexIgnoringCase(AGENT_STATUSES, status.trim()));
        return new Agent(guid(a, "AgentId"), text(a, "ClientMachine"), text(a, "Username"),
                field(a, "AgentPlatform") != null && field(a, "AgentPlatform").isNumber() ? integer(a, "AgentPlatform") : 0,
                text(a, "Version"), statusCode, instant(a, "LastSeen"), strings(a, "Capabilities"));
    }

    private static int indexIgnoringCase(List<String> names, String value) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(value)) {
                return i;
            }
        }
        return -1;
    }

    static Certificate certificate(JsonNode c) {
        List<Certificate.Location> locations = new ArrayList<>();
        JsonNode l = field(c, "Locations");
        if (l != null) {
            l.forEach(x -> locations.add(new Certificate.Location(guid(x, "CertStoreId"), text(x, "StoreMachine"),
                    text(x, "StorePath"), integer(x, "StoreType"), text(x, "Alias"))));
        }
        String keyType = text(c, "KeyTypeString");
        return new Certificate(integer(c, "Id"), text(c, "Thumbprint"), text(c, "SerialNumber"), text(c, "IssuedDN"),
                text(c, "IssuedCN"), text(c, "IssuerDN"), instant(c, "NotBefore"), instant(c, "NotAfter"),
                integer(c, "CertState"), integer(c, "KeySizeInBits"), keyType != null ? keyType : text(c, "KeyType"),
                stringMap(c, "Metadata"), locations);
    }

    static CertificateStore certificateStore(JsonNode s) {
        Map<String, Object> properties = new LinkedHashMap<>();
        JsonNode p = field(s, "Properties");
        JsonNode parsed = p == null ? null : p.isTextual() ? readOrNull(p.asText()) : p;
        if (p != null && p.isTextual() && !p.asText().isBlank() && parsed == null) {
            throw new IllegalArgumentException("Properties is not JSON text: " + excerpt(p.asText()));
        }
        if (parsed != null && parsed.isObject()) {
            parsed.fields().forEachRemaining(e -> properties.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class)));
        }
        return new CertificateStore(guid(s, "Id"), text(s, "ClientMachine"), text(s, "Storepath"),
                integer(s, "CertStoreType"), guid(s, "CertStoreInventoryJobId"), guid(s, "AgentId"), properties,
                schedule(s, "InventorySchedule"));
    }

    static String jobAuditSelectionJson(JobAuditSelection selection) {
        ObjectNode body = MAPPER.createObjectNode();
        if (selection.query() != null) {
            body.put("Query", selection.query().render());
        } else {
            ArrayNode ids = body.putArray("JobAuditIds");
            selection.jobAuditIds().forEach(ids::add);
        }
        return body.toString();
    }
}
