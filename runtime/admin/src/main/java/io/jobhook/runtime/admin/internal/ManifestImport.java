package io.jobhook.runtime.admin.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Keyfactor Command 11 handler registrations from a {@code manifest.json} as Jobhook factory configurations:
 * one {@code <factoryPid>-<name>.cfg} per registration under {@code extensions →
 * Keyfactor.Platform.Extensions.IOrchestratorJobCompleteHandler}, its {@code Options} mapped case-insensitively
 * onto the handler's metatype attributes. A dry run unless asked to write; never overwrites a file. Plain Java:
 * the OSGi side only answers {@link Metatypes}. Thread-safe.
 */
final class ManifestImport {

    static final String HANDLER_EXTENSION = "Keyfactor.Platform.Extensions.IOrchestratorJobCompleteHandler";

    private static final Logger LOG = LoggerFactory.getLogger(ManifestImport.class);

    /**
     * Command reads manifest.json through Microsoft.Extensions.Configuration, which skips comments and accepts
     * trailing commas (Keyfactor's sample has a {@code //} comment) and refuses duplicate keys.
     */
    private static final ObjectMapper MANIFEST = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** What the runtime knows about factory PIDs: the OSGi side asks the MetaTypeService. */
    interface Metatypes {
        /**
         * @return the factory PID's metatype, empty when no bundle provides one
         * @throws IllegalStateException when the runtime cannot be asked (no MetaTypeService)
         */
        Optional<FactoryMetatype> factory(String factoryPid);
    }

    /**
     * A factory PID's metatype, as far as an import needs it.
     *
     * @param provider the bundle that provides it, for the answer (symbolic name and version)
     * @param attributeIds its attributes' IDs, as the configuration spells them
     */
    record FactoryMetatype(String factoryPid, String provider, List<String> attributeIds) {
        FactoryMetatype {
            attributeIds = List.copyOf(attributeIds);
        }
    }

    /**
     * One {@code Options} entry.
     *
     * @param value its text, null when it is none
     * @param notText why it is not written when it has no single text value, else null
     */
    record Option(String key, String value, String notText) {
    }

    /** One handler registration: its name, Keyfactor's assembly and type (for the record) and its options. */
    record Registration(String name, String assemblyPath, String typeFullName, List<Option> options) {
        Registration {
            options = List.copyOf(options);
        }
    }

    /** A kind of extension the manifest registers that is not a job-complete handler, with its registrations. */
    record SkippedKind(String kind, List<String> registrations) {
        SkippedKind {
            registrations = List.copyOf(registrations);
        }
    }

    /** A parsed manifest: its job-complete handler registrations and the other kinds it holds. */
    record Manifest(List<Registration> handlers, List<SkippedKind> skipped) {
        Manifest {
            handlers = List.copyOf(handlers);
            skipped = List.copyOf(skipped);
        }
    }

    /** What became, or would become, of a registration. */
    enum Action {
        WOULD_WRITE("would-write"), WRITTEN("written"), EXISTS("skipped-existing"), SAME_FILE("skipped-same-file"),
        NO_NAME("skipped-no-name"), FAILED("failed");

        final String label;

        Action(String label) {
            this.label = label;
        }
    }

    /**
     * One registration's configuration.
     *
     * @param file the file name in the configuration folder, null when the registration name gives none
     * @param pid the configuration PID FileInstall makes of it, {@code <factoryPid>~<name>}
     * @param properties attribute ID → value, in the manifest's order
     * @param unknownOptions option keys the handler's metatype does not know: not written
     * @param rejectedOptions option key → why it is not written (known attribute, unusable value)
     * @param content the file's text
     * @param detail why it was skipped or failed, else null
     */
    record Planned(Registration registration, String file, String pid, Map<String, String> properties,
            List<String> unknownOptions, Map<String, String> rejectedOptions, String content, Action action,
            String detail) {
        Planned {
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
            unknownOptions = List.copyOf(unknownOptions);
            rejectedOptions = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedOptions));
        }

        Planned with(Action newAction, String newDetail) {
            return new Planned(registration, file, pid, properties, unknownOptions, rejectedOptions, content, newAction,
                    newDetail);
        }
    }

    /** An import's answer: the handler's metatype, the folder, and what became of each registration. */
    record Result(FactoryMetatype handler, Path folder, boolean write, List<Planned> registrations,
            List<SkippedKind> skipped) {
        Result {
            registrations = List.copyOf(registrations);
            skipped = List.copyOf(skipped);
        }
    }

    private final Metatypes metatypes;
    private final Path folder;

    /**
     * @param folder the folder FileInstall watches for configurations ({@code felix.fileinstall.dir}), null when
     *        the framework names none
     */
    ManifestImport(Metatypes metatypes, Path folder) {
        this.metatypes = metatypes;
        this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
    }

    /**
     * Plans, and with {@code write} writes, one configuration per handler registration.
     *
     * @throws IllegalArgumentException naming what is wrong: the PID, the manifest, a manifest without handler
     *         registrations, a PID no bundle provides factory metatype for
     * @throws IllegalStateException when the runtime cannot import: no MetaTypeService, no configuration folder
     */
    Result run(byte[] manifestJson, String factoryPid, boolean write) {
        checkFactoryPid(factoryPid);
        Manifest manifest = parse(manifestJson);
        if (manifest.handlers().isEmpty()) {
            throw new IllegalArgumentException(noHandlers(manifest));
        }
        FactoryMetatype handler = metatypes.factory(factoryPid).orElseThrow(() -> new IllegalArgumentException(
                "No bundle provides factory metatype for PID " + factoryPid
                        + " (is its handler bundle installed, and is that its factory PID?)"));
        if (folder == null) {
            throw new IllegalStateException("The framework property felix.fileinstall.dir is not set: "
                    + "there is no configuration folder to write to");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("The configuration folder " + folder
                    + " (felix.fileinstall.dir) is not a folder");
        }
        List<Planned> planned = plan(manifest, handler, file -> Files.exists(folder.resolve(file)));
        if (write) {
            planned = write(planned);
        }
        return new Result(handler, folder, write, planned, manifest.skipped());
    }

    /** Refuses what cannot name a configuration file, before any lookup. */
    static void checkFactoryPid(String factoryPid) {
        if (factoryPid == null || factoryPid.isBlank()) {
            throw new IllegalArgumentException("pid: name the handler's factory PID, e.g. io.jobhook.wincert");
        }
        if (factoryPid.indexOf('-') >= 0) {
            // FileInstall splits etc/<factoryPid>-<name>.cfg at its first '-'
            throw new IllegalArgumentException("pid: '" + factoryPid
                    + "' contains '-', where FileInstall would split its configuration file's name");
        }
        if (!factoryPid.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_'))) {
            throw new IllegalArgumentException("pid: '" + factoryPid
                    + "' is not a factory PID (letters, digits, '.' and '_')");
        }
    }

    /**
     * Reads a Command manifest.json.
     *
     * @throws IllegalArgumentException naming what is wrong, with Jackson's line and column for bad JSON
     */
    static Manifest parse(byte[] json) {
        JsonNode root;
        try {
            root = MANIFEST.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The manifest is not valid JSON"
                    + (e.getLocation() == null ? ""
                            : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("The manifest cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("The manifest is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("The manifest is " + kind(root) + ", not an object");
        }
        JsonNode extensions = field(root, "extensions");
        if (extensions == null || extensions.isNull()) {
            return new Manifest(List.of(), List.of());
        }
        if (!extensions.isObject()) {
            throw new IllegalArgumentException("extensions: an object of extension kinds was expected, not "
                    + kind(extensions));
        }
        List<Registration> handlers = new ArrayList<>();
        List<SkippedKind> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> kinds = extensions.fields(); kinds.hasNext();) {
            Map.Entry<String, JsonNode> kind = kinds.next();
            String where = "extensions → " + kind.getKey();
            if (!kind.getKey().equalsIgnoreCase(HANDLER_EXTENSION)) {
                List<String> names = new ArrayList<>();
                kind.getValue().fieldNames().forEachRemaining(names::add);
                skipped.add(new SkippedKind(kind.getKey(), names));
                continue;
            }
            if (kind.getValue().isNull()) {
                continue;
            }
            if (!kind.getValue().isObject()) {
                throw new IllegalArgumentException(where + ": an object of registrations was expected, not "
                        + kind(kind.getValue()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> regs = kind.getValue().fields(); regs.hasNext();) {
                Map.Entry<String, JsonNode> reg = regs.next();
                handlers.add(registration(where + " → " + reg.getKey(), reg.getKey(), reg.getValue()));
            }
        }
        return new Manifest(handlers, skipped);
    }

    private static Registration registration(String where, String name, JsonNode reg) {
        if (!reg.isObject()) {
            throw new IllegalArgumentException(where + ": an object with assemblypath, TypeFullName and Options "
                    + "was expected, not " + kind(reg));
        }
        JsonNode options = field(reg, "Options");
        List<Option> list = new ArrayList<>();
        if (options != null && !options.isNull()) {
            if (!options.isObject()) {
                throw new IllegalArgumentException(where + " → Options: an object was expected, not " + kind(options));
            }
            options.fields().forEachRemaining(o -> list.add(option(o.getKey(), o.getValue())));
        }
        return new Registration(name, scalar(reg, "assemblypath"), scalar(reg, "TypeFullName"), list);
    }

    private static Option option(String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            // Command's configuration reads numbers and booleans as their text too
            return new Option(key, value.asText(), null);
        }
        return new Option(key, null, value.isNull() ? "it is null, not a value"
                : "it is " + kind(value) + ", not a single value");
    }

    /** The manifest's answer when it registers no job-complete handler, naming what it does hold. */
    static String noHandlers(Manifest manifest) {
        return "The manifest has no handler registrations under extensions → " + HANDLER_EXTENSION
                + (manifest.skipped().isEmpty() ? ""
                        : " (it holds only " + String.join(", ", manifest.skipped().stream().map(SkippedKind::kind)
                                .toList()) + ")");
    }

    /**
     * Maps every registration of a manifest onto the handler's attributes.
     *
     * @param exists whether a file of that name is already in the configuration folder
     */
    static List<Planned> plan(Manifest manifest, FactoryMetatype handler, Predicate<String> exists) {
        Map<String, String> byLowerCase = new HashMap<>();
        handler.attributeIds().forEach(id -> byLowerCase.putIfAbsent(id.toLowerCase(Locale.ROOT), id));
        Map<String, String> fileTakenBy = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        for (Registration r : manifest.handlers()) {
            Map<String, String> properties = new LinkedHashMap<>();
            Map<String, String> setBy = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            Map<String, String> rejected = new LinkedHashMap<>();
            for (Option o : r.options()) {
                String id = byLowerCase.get(o.key().toLowerCase(Locale.ROOT));
                if (id == null) {
                    unknown.add(o.key());
                } else if (o.notText() != null) {
                    rejected.put(o.key(), o.notText());
                } else if (setBy.containsKey(id)) {
                    rejected.put(o.key(), "sets " + id + " again, after " + setBy.get(id));
                } else if (o.value().contains("${")) {
                    // FileInstall replaces ${…} in .cfg values with framework properties, and has no escape for it
                    rejected.put(o.key(), "FileInstall would replace its ${…} with a framework property");
                } else {
                    properties.put(id, o.value());
                    setBy.put(id, o.key());
                }
            }
            String name = instanceName(r.name());
            String file = name.isEmpty() ? null : handler.factoryPid() + "-" + name + ".cfg";
            String pid = name.isEmpty() ? null : handler.factoryPid() + "~" + name;
            Planned p = new Planned(r, file, pid, properties, unknown, rejected, render(r, properties),
                    Action.WOULD_WRITE, null);
            if (file == null) {
                p = p.with(Action.NO_NAME, "the registration name has no letter or digit to name a configuration after");
            } else if (fileTakenBy.containsKey(file)) {
                p = p.with(Action.SAME_FILE, "registration " + fileTakenBy.get(file) + " already takes " + file);
            } else if (exists.test(file)) {
                p = p.with(Action.EXISTS, file + " exists and is never overwritten; remove or rename it to import again");
            }
            if (file != null) {
                fileTakenBy.putIfAbsent(file, r.name());
            }
            planned.add(p);
        }
        return planned;
    }

    /**
     * The configuration's name after the factory PID: the registration name in lower case, each run of other
     * characters than a–z, 0–9 and {@code _} reduced to one {@code _} (none at either end). FileInstall splits
     * {@code <factoryPid>-<name>.cfg} at its first {@code -}; a name without a {@code -} of its own leaves one
     * split for every tool that reads the folder, and these characters are safe in a file name on any file
     * system, in a PID inside URLs and in LDAP filters (no {@code ( ) * \ ~ / .}).
     *
     * @return the name, empty when the registration name has no letter or digit
     */
    static String instanceName(String registration) {
        StringBuilder sb = new StringBuilder();
        boolean gap = false;
        for (char c : registration.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
                if (gap && sb.length() > 0) {
                    sb.append('_');
                }
                gap = false;
                sb.append(c);
            } else {
                gap = true;
            }
        }
        return sb.chars().allMatch(c -> c == '_') ? "" : sb.toString();
    }

    /**
     * The .cfg text: a comment naming the registration, then one {@code key = value} line per property. Values
     * are strings as Keyfactor wrote them: a multi-valued attribute keeps Keyfactor's comma-separated text, which
     * the handlers and the dispatcher split. Pure ASCII (the rest as {@code \}{@code uXXXX}), so FileInstall reads
     * it the same in its default ISO-8859-1 as in any other encoding.
     */
    static String render(Registration r, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder("# Keyfactor Command handler registration \"").append(comment(r.name()))
                .append('"');
        List<String> origin = new ArrayList<>();
        Optional.ofNullable(r.typeFullName()).ifPresent(origin::add);
        Optional.ofNullable(r.assemblyPath()).ifPresent(origin::add);
        if (!origin.isEmpty()) {
            sb.append(" (").append(comment(String.join(", ", origin))).append(')');
        }
        sb.append('\n').append("# imported from its manifest.json by jobhook:import-manifest\n");
        properties.forEach((k, v) -> sb.append(escape(k, true)).append(" = ").append(escape(v, false)).append('\n'));
        return sb.toString();
    }

    private static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                sb.append(' ');
            } else if (c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Escapes for the properties format FileInstall reads .cfg files in. */
    static String escape(String text, boolean key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> sb.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                default -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    /**
     * Writes the planned files that are to be written: each through a temporary file in the same folder, forced
     * to disk and moved into place atomically, so FileInstall never reads half a file. The temporary file's name
     * ends in {@code .tmp}, outside FileInstall's {@code .cfg}/{@code .config} filter, and it is owner-only
     * (Options may carry secrets).
     */
    private synchronized List<Planned> write(List<Planned> planned) {
        List<Planned> done = new ArrayList<>();
        for (Planned p : planned) {
            done.add(p.action() == Action.WOULD_WRITE ? writeOne(p) : p);
        }
        return done;
    }

    private Planned writeOne(Planned p) {
        Path target = folder.resolve(p.file());
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + p.file() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(p.content().getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            // A rename replaces silently: checked here, under this object's lock, so no other import races it
            if (Files.exists(target)) {
                return p.with(Action.EXISTS, p.file() + " exists and is never overwritten; remove or rename it to "
                        + "import again");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Imported handler registration {} from a manifest as {} (PID {})", p.registration().name(),
                    target, p.pid());
            return p.with(Action.WRITTEN, null);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot write {} for handler registration {}: {}", target, p.registration().name(), e.toString());
            return p.with(Action.FAILED, "cannot write " + target + ": " + e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("Cannot remove the temporary file {}: {}", temp, e.toString());
                }
            }
        }
    }

    /** A field by name, case-insensitively as Command's configuration reads keys. */
    private static JsonNode field(JsonNode object, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private static String scalar(JsonNode object, String name) {
        JsonNode n = field(object, name);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    /** What a JSON value is, for messages. */
    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
