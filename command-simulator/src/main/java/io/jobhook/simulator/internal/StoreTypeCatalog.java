package io.jobhook.simulator.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.simulator.internal.StoreTypeDefinition.EntryParameter;
import io.jobhook.simulator.internal.StoreTypeDefinition.Operations;
import io.jobhook.simulator.internal.StoreTypeDefinition.PasswordOptions;
import io.jobhook.simulator.internal.StoreTypeDefinition.Property;

/**
 * The store type definitions a simulated instance starts with: the common ones built in, or those of
 * a definitions file in the integration-manifest form (Keyfactor's kfutil {@code store_types.json}).
 */
public final class StoreTypeCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(StoreTypeCatalog.class);

    private StoreTypeCatalog() {
    }

    /** @return the built-in definitions: WinCert, IISU, RFPEM, RFJKS, RFPkcs12, K8SSecret, AWS-ACM */
    public static List<StoreTypeDefinition> builtIn() {
        List<Property> winRm = List.of(
                prop("spnwithport", "SPN With Port", "Bool", "false", false),
                prop("WinRM Protocol", "WinRM Protocol", "MultipleChoice", "https,http,ssh", true),
                prop("WinRM Port", "WinRM Port", "String", "5986", true),
                prop("ServerUsername", "Server Username", "Secret", "", false),
                prop("ServerPassword", "Server Password", "Secret", "", false),
                prop("ServerUseSsl", "Use SSL", "Bool", "true", true));
        List<Property> remoteFile = List.of(
                prop("ServerUsername", "Server Username", "Secret", "", false),
                prop("ServerPassword", "Server Password", "Secret", "", false),
                prop("LinuxFilePermissionsOnStoreCreation", "Linux File Permissions on Store Creation", "String", "", false),
                prop("LinuxFileOwnerOnStoreCreation", "Linux File Owner on Store Creation", "String", "", false),
                prop("SudoImpersonatingUser", "Sudo Impersonating User", "String", "", false),
                prop("RemoveRootCertificate", "Remove Root Certificate from Chain", "Bool", "False", false),
                prop("IncludePortInSPN", "Include Port in SPN for WinRM", "Bool", "False", false),
                prop("FileTransferProtocol", "File Transfer Protocol to Use", "MultipleChoice", ",SCP,SFTP,Both", false),
                prop("SSHPort", "SSH Port", "String", "", false));
        PasswordOptions none = new PasswordOptions(false, false, "Default");
        PasswordOptions storePassword = new PasswordOptions(false, true, "Default");
        List<StoreTypeDefinition> list = new ArrayList<>();
        list.add(new StoreTypeDefinition("Windows Certificate", "WinCert", "WinCert", false,
                new Operations(true, false, false, true, true), winRm,
                List.of(entry("ProviderName", "Crypto Provider Name", "String", when(false, false, false, false), ""),
                        entry("SAN", "SAN", "String", when(false, false, false, true), "")),
                none, null, "", "Optional", "Forbidden", true, false, false, List.of()));
        list.add(new StoreTypeDefinition("IIS Bound Certificate", "IISU", "IISU", false,
                new Operations(true, false, false, true, true), winRm,
                List.of(entry("Port", "Port", "String", when(false, false, false, false), "443"),
                        entry("IPAddress", "IP Address", "String", when(false, true, true, true), "*"),
                        entry("HostName", "Host Name", "String", when(false, false, false, false), ""),
                        entry("SiteName", "IIS Site Name", "String", when(false, true, true, true), "Default Web Site"),
                        entry("SniFlag", "SSL Flags", "String", when(false, false, false, false), "0"),
                        entry("Protocol", "Protocol", "MultipleChoice", when(false, true, true, true), "https"),
                        entry("SAN", "SAN", "String", when(false, false, false, true), "")),
                none, null, "[\"My\",\"WebHosting\"]", "Required", "Forbidden", true, false, false, List.of()));
        list.add(remoteFileType("RFPEM", "Forbidden", remoteFile, storePassword,
                List.of(prop("IsTrustStore", "Trust Store", "Bool", "false", false),
                        prop("IncludesChain", "Store Includes Chain", "Bool", "false", false),
                        prop("SeparatePrivateKeyFilePath", "Separate Private Key File Location", "String", "", false))));
        list.add(remoteFileType("RFJKS", "Required", remoteFile, storePassword, List.of()));
        list.add(remoteFileType("RFPkcs12", "Required", remoteFile, storePassword, List.of()));
        list.add(new StoreTypeDefinition("K8SSecret", "K8SSecret", "K8SSecret", false,
                new Operations(true, true, true, false, true),
                List.of(prop("KubeNamespace", "KubeNamespace", "String", null, false),
                        prop("KubeSecretName", "KubeSecretName", "String", null, false),
                        prop("KubeSecretType", "KubeSecretType", "String", "secret", true),
                        prop("SeparateChain", "Separate Certificate Chain", "Bool", "false", false),
                        prop("IncludeCertChain", "Include Certificate Chain", "Bool", "true", false)),
                List.of(), none, "", "", "Optional", "Forbidden", true, false, false, List.of()));
        list.add(new StoreTypeDefinition("AWS Certificate Manager", "AWS-ACM", "AWS-ACM", false,
                new Operations(true, false, false, false, true),
                List.of(prop("UseIAM", "Use IAM User Auth", "Bool", "false", true),
                        prop("IAMAssumeRole", "AWS Role to Assume (IAM)", "String", "", false),
                        prop("ExternalId", "sts:ExternalId", "String", "", false),
                        prop("ServerUsername", "Server Username", "Secret", "", false),
                        prop("ServerPassword", "Server Password", "Secret", "", false)),
                List.of(entry("AWS Region", "AWS Region", "String", when(false, true, false, false), null)),
                none, null, null, "Required", "Optional", true, false, true, List.of()));
        return List.copyOf(list);
    }

    private static StoreTypeDefinition remoteFileType(String shortName, String alias, List<Property> common,
            PasswordOptions password, List<Property> extra) {
        List<Property> props = new ArrayList<>(common);
        props.addAll(extra);
        return new StoreTypeDefinition(shortName, shortName, shortName, false,
                new Operations(true, true, true, false, true), props, List.of(), password, null, null,
                "Optional", alias, true, false, false, List.of());
    }

    private static Property prop(String name, String display, String type, String def, boolean required) {
        return new Property(name, display, type, "", def, required);
    }

    private static EntryParameter entry(String name, String display, String type, Map<String, Boolean> when, String def) {
        return new EntryParameter(name, display, type, when, "", def, "");
    }

    private static Map<String, Boolean> when(boolean key, boolean add, boolean remove, boolean reenroll) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("HasPrivateKey", key);
        m.put("OnAdd", add);
        m.put("OnRemove", remove);
        m.put("OnReenrollment", reenroll);
        return m;
    }

    /**
     * Loads a definitions file: a JSON array of store types in the integration-manifest form.
     * Descriptions in it are ignored.
     *
     * @throws IllegalArgumentException naming the file, the entry and the field, when it is not such a file
     */
    public static List<StoreTypeDefinition> load(Path file, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read store types file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("Store types file " + file + " must hold a JSON array of store types");
        }
        List<StoreTypeDefinition> result = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            try {
                result.add(parse(root.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Store types file " + file + ", entry " + (i + 1) + ": "
                        + e.getMessage(), e);
            }
        }
        LOG.debug("Loaded {} store type definitions from {}", result.size(), file);
        return result;
    }

    /**
     * @return the built-in definitions, each replaced by the file's definition of the same short name,
     *         followed by the file's other definitions
     */
    public static List<StoreTypeDefinition> merge(List<StoreTypeDefinition> base, List<StoreTypeDefinition> more) {
        Map<String, StoreTypeDefinition> byName = new LinkedHashMap<>();
        for (StoreTypeDefinition d : base) {
            byName.put(d.shortName().toLowerCase(Locale.ROOT), d);
        }
        for (StoreTypeDefinition d : more) {
            byName.put(d.shortName().toLowerCase(Locale.ROOT), d);
        }
        return List.copyOf(byName.values());
    }

    static StoreTypeDefinition parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String shortName = requiredText(n, "ShortName");
        JsonNode ops = get(n, "SupportedOperations");
        if (ops == null || !ops.isObject()) {
            throw new IllegalArgumentException("SupportedOperations is missing");
        }
        List<Property> props = new ArrayList<>();
        JsonNode p = get(n, "Properties");
        if (p != null && p.isArray()) {
            for (JsonNode e : p) {
                props.add(new Property(requiredText(e, "Name"), text(e, "DisplayName"), text(e, "Type"),
                        text(e, "DependsOn"), text(e, "DefaultValue"), bool(e, "Required")));
            }
        }
        List<EntryParameter> entries = new ArrayList<>();
        JsonNode ep = get(n, "EntryParameters");
        if (ep != null && ep.isArray()) {
            for (JsonNode e : ep) {
                Map<String, Boolean> when = new LinkedHashMap<>();
                JsonNode w = get(e, "RequiredWhen");
                if (w != null && w.isObject()) {
                    w.fields().forEachRemaining(f -> when.put(f.getKey(), f.getValue().asBoolean()));
                }
                entries.add(new EntryParameter(requiredText(e, "Name"), text(e, "DisplayName"), text(e, "Type"), when,
                        text(e, "DependsOn"), text(e, "DefaultValue"), text(e, "Options")));
            }
        }
        JsonNode po = get(n, "PasswordOptions");
        PasswordOptions password = po == null || !po.isObject() ? null
                : new PasswordOptions(bool(po, "EntrySupported"), bool(po, "StoreRequired"),
                        po.hasNonNull("Style") ? po.get("Style").asText() : "Default");
        List<String> jobProps = new ArrayList<>();
        JsonNode jp = get(n, "JobProperties");
        if (jp != null && jp.isArray()) {
            jp.forEach(j -> jobProps.add(j.isTextual() ? j.asText() : j.toString()));
        }
        return new StoreTypeDefinition(requiredText(n, "Name"), shortName, requiredText(n, "Capability"),
                bool(n, "LocalStore"),
                new Operations(bool(ops, "Add"), bool(ops, "Create"), bool(ops, "Discovery"), bool(ops, "Enrollment"),
                        bool(ops, "Remove")),
                props, entries, password, text(n, "StorePathType"), text(n, "StorePathValue"),
                text(n, "PrivateKeyAllowed"), text(n, "CustomAliasAllowed"), bool(n, "ServerRequired"),
                bool(n, "PowerShell"), bool(n, "BlueprintAllowed"), jobProps);
    }

    private static JsonNode get(JsonNode n, String name) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return n.get(f);
            }
        }
        return null;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = get(n, name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String requiredText(JsonNode n, String name) {
        String v = text(n, name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return v;
    }

    private static boolean bool(JsonNode n, String name) {
        JsonNode v = get(n, name);
        return v != null && v.asBoolean(false);
    }
}
