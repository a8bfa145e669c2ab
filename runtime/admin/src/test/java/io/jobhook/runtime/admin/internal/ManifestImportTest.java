package io.jobhook.runtime.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.felix.fileinstall.shaded.util.properties.TypedProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jobhook.testsupport.SharedData;

/** The manifest import without a framework: the WinCert handler's attributes stand for its metatype. */
class ManifestImportTest {

    static final String WINCERT_PID = "io.jobhook.wincert";
    /** The WinCert handler's attributes, as its metatype lists them. */
    static final ManifestImport.FactoryMetatype WINCERT = new ManifestImport.FactoryMetatype(WINCERT_PID,
            "io.jobhook.wincert 0.1.0.SNAPSHOT", List.of("jobTypes", "storeTypes", "favoriteAnimal",
                    "onlyResults", "minRetryCount", "followUpCustomJob", "followUpFields"));
    static final String JOB_TYPES = "7a07f123-a6ad-41f6-8dba-08fdf5320f84,b8054afc-e3df-47d6-a0ea-cf8abcc08978";
    static final String SAMPLE_FILE = "io.jobhook.wincert-samplejobcompletionhandler.cfg";

    @TempDir
    Path etc;

    ManifestImport importer() {
        return new ManifestImport(pid -> pid.equals(WINCERT_PID) ? Optional.of(WINCERT) : Optional.empty(), etc);
    }

    static byte[] sample() throws Exception {
        return Files.readAllBytes(SharedData.file("sample-jobcompletionhandler.manifest.json"));
    }

    static byte[] manifest(String registrations) {
        return ("{\"extensions\": {\"" + ManifestImport.HANDLER_EXTENSION + "\": {" + registrations + "}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What FileInstall makes of a .cfg text: the reader it loads .cfg files with. */
    static Map<String, Object> asFileInstallReadsIt(String cfg) throws Exception {
        TypedProperties p = new TypedProperties();
        p.load(new StringReader(cfg));
        Map<String, Object> read = new LinkedHashMap<>();
        p.keySet().forEach(k -> read.put(k, p.get(k)));
        return read;
    }

    @Test
    void keyfactorsSampleMapsOntoTheWinCertAttributesCaseInsensitively() throws Exception {
        ManifestImport.Manifest parsed = ManifestImport.parse(sample());
        assertThat(parsed.handlers()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("SampleJobCompletionHandler");
            assertThat(r.typeFullName()).isEqualTo("KFSample.SampleJobCompletionHandler");
            assertThat(r.assemblyPath()).isEqualTo("SampleJobCompletionHandler.dll");
        });

        ManifestImport.Result dryRun = importer().run(sample(), WINCERT_PID, false);

        ManifestImport.Planned p = dryRun.registrations().get(0);
        assertThat(p.action()).isEqualTo(ManifestImport.Action.WOULD_WRITE);
        assertThat(p.file()).isEqualTo(SAMPLE_FILE);
        assertThat(p.pid()).isEqualTo("io.jobhook.wincert~samplejobcompletionhandler");
        // JobTypes → jobTypes (multi-valued: Keyfactor's comma-separated text as is), FavoriteAnimal → favoriteAnimal
        assertThat(p.properties()).containsExactly(Map.entry("jobTypes", JOB_TYPES),
                Map.entry("favoriteAnimal", "Hippopotamus"));
        assertThat(p.unknownOptions()).isEmpty();
        assertThat(p.content()).contains("jobTypes = " + JOB_TYPES + "\n", "favoriteAnimal = Hippopotamus\n",
                "\"SampleJobCompletionHandler\" (KFSample.SampleJobCompletionHandler, SampleJobCompletionHandler.dll)");
        assertThat(dryRun.write()).isFalse();
        assertThat(etc).isEmptyDirectory();
    }

    @Test
    void writeLeavesExactlyTheFileFileInstallReadsAndNoTemporaryFile() throws Exception {
        ManifestImport.Result written = importer().run(sample(), WINCERT_PID, true);

        assertThat(written.registrations().get(0).action()).isEqualTo(ManifestImport.Action.WRITTEN);
        try (Stream<Path> files = Files.list(etc)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(SAMPLE_FILE);
        }
        String cfg = Files.readString(etc.resolve(SAMPLE_FILE), StandardCharsets.US_ASCII);
        assertThat(cfg).isEqualTo(written.registrations().get(0).content());
        assertThat(asFileInstallReadsIt(cfg)).containsExactly(Map.entry("jobTypes", JOB_TYPES),
                Map.entry("favoriteAnimal", "Hippopotamus"));
    }

    @Test
    void keysTheMetatypeDoesNotKnowAreReportedAndNotWritten() {
        ManifestImport.Result r = importer().run(manifest("\"Otters\": {\"TypeFullName\": \"X.Otters\", \"Options\": "
                + "{\"storetypes\": \"WinCert\", \"Color\": \"blue\", \"MINRETRYCOUNT\": 2}}"), WINCERT_PID, true);

        ManifestImport.Planned p = r.registrations().get(0);
        assertThat(p.unknownOptions()).containsExactly("Color");
        assertThat(p.properties()).containsExactly(Map.entry("storeTypes", "WinCert"), Map.entry("minRetryCount", "2"));
        assertThat(p.content()).doesNotContainIgnoringCase("color").doesNotContain("blue");
        assertThat(p.action()).isEqualTo(ManifestImport.Action.WRITTEN);
    }

    @Test
    void anExistingFileIsSkippedNeverOverwritten() throws Exception {
        Files.writeString(etc.resolve(SAMPLE_FILE), "favoriteAnimal = Otter\n");

        ManifestImport.Planned dry = importer().run(sample(), WINCERT_PID, false).registrations().get(0);
        ManifestImport.Planned write = importer().run(sample(), WINCERT_PID, true).registrations().get(0);

        assertThat(List.of(dry, write)).allSatisfy(p -> {
            assertThat(p.action()).isEqualTo(ManifestImport.Action.EXISTS);
            assertThat(p.action().label).isEqualTo("skipped-existing");
            assertThat(p.detail()).contains(SAMPLE_FILE, "never overwritten");
        });
        assertThat(Files.readString(etc.resolve(SAMPLE_FILE))).isEqualTo("favoriteAnimal = Otter\n");
        try (Stream<Path> files = Files.list(etc)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aMalformedManifestIsRefusedWithLineAndColumn() {
        byte[] broken = ("{\n  \"extensions\": {\n    \"" + ManifestImport.HANDLER_EXTENSION + "\": {\n"
                + "      \"A\": { \"Options\": { \"JobTypes\": \"x\" \"FavoriteAnimal\": \"y\" } }\n    }\n  }\n}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> importer().run(broken, WINCERT_PID, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The manifest is not valid JSON at line 4, column ")
                .hasMessageContaining("was expecting comma");
        assertThatThrownBy(() -> ManifestImport.parse(manifest("\"A\": {\"Options\": [\"JobTypes\"]}")))
                .hasMessage("extensions → " + ManifestImport.HANDLER_EXTENSION + " → A → Options: an object was "
                        + "expected, not an array");
        assertThatThrownBy(() -> ManifestImport.parse(manifest("\"A\": {}, \"A\": {}")))
                .hasMessageContaining("Duplicate field 'A'");
        assertThatThrownBy(() -> ManifestImport.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("The manifest is an array, not an object");
        assertThatThrownBy(() -> ManifestImport.parse(new byte[0])).hasMessage("The manifest is empty");
    }

    @Test
    void aManifestWithoutHandlerRegistrationsSaysSoAndNamesWhatItHolds() {
        byte[] alertsOnly = ("{\"extensions\": {\"Keyfactor.Platform.Extensions.IAlertHandler\": {\"Mail\": {}}}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> importer().run(alertsOnly, WINCERT_PID, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The manifest has no handler registrations under extensions → "
                        + ManifestImport.HANDLER_EXTENSION + " (it holds only Keyfactor.Platform.Extensions.IAlertHandler)");
        assertThatThrownBy(() -> importer().run("{}".getBytes(StandardCharsets.UTF_8), WINCERT_PID, false))
                .hasMessageStartingWith("The manifest has no handler registrations");
    }

    @Test
    void otherExtensionKindsAreListedAsSkipped() {
        byte[] mixed = ("{\"extensions\": {\"Keyfactor.Platform.Extensions.IAlertHandler\": {\"Mail\": {}, \"Log\": {}},"
                + "\"" + ManifestImport.HANDLER_EXTENSION + "\": {\"A\": {\"Options\": {\"StoreTypes\": \"IIS\"}}}}}")
                .getBytes(StandardCharsets.UTF_8);

        ManifestImport.Result r = importer().run(mixed, WINCERT_PID, false);

        assertThat(r.registrations()).extracting(p -> p.registration().name()).containsExactly("A");
        assertThat(r.skipped()).containsExactly(
                new ManifestImport.SkippedKind("Keyfactor.Platform.Extensions.IAlertHandler", List.of("Mail", "Log")));
    }

    @Test
    void aPidWithoutFactoryMetatypeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> importer().run(manifest("\"A\": {}"), "io.jobhook.nothing", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("No bundle provides factory metatype for PID io.jobhook.nothing");
        assertThatThrownBy(() -> importer().run(manifest("\"A\": {}"), "io.jobhook-wincert", false))
                .hasMessageContaining("'io.jobhook-wincert' contains '-'");
        assertThatThrownBy(() -> importer().run(manifest("\"A\": {}"), "../etc", false))
                .hasMessageContaining("is not a factory PID");
        assertThatThrownBy(() -> importer().run(manifest("\"A\": {}"), null, false)).hasMessageStartingWith("pid: ");
    }

    @Test
    void withoutAConfigurationFolderOrMetatypeTheRuntimeCannotImport() {
        assertThatThrownBy(() -> new ManifestImport(pid -> Optional.of(WINCERT), null)
                .run(manifest("\"A\": {}"), WINCERT_PID, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("felix.fileinstall.dir");
        assertThatThrownBy(() -> new ManifestImport(pid -> {
            throw new IllegalStateException("No MetaTypeService in the runtime");
        }, etc).run(manifest("\"A\": {}"), WINCERT_PID, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commentsTrailingCommasAByteOrderMarkAndKeysInAnyCaseAreReadAsCommandReadsThem() throws Exception {
        byte[] text = ("\uFEFF{ /* Command 11 */ \"EXTENSIONS\": { \"keyfactor.platform.extensions.iorchestratorjobcompletehandler\":"
                + " { \"A\": { \"ASSEMBLYPATH\": \"a.dll\", \"typefullname\": \"N.A\", \"options\": { \"JobTypes\": \"g\", },"
                + " }, }, }, } // end").getBytes(StandardCharsets.UTF_8);

        ManifestImport.Registration r = ManifestImport.parse(text).handlers().get(0);

        assertThat(r).isEqualTo(new ManifestImport.Registration("A", "a.dll", "N.A",
                List.of(new ManifestImport.Option("JobTypes", "g", null))));
    }

    @Test
    void registrationNamesBecomeFileInstallSafeInstanceNames() {
        assertThat(ManifestImport.instanceName("SampleJobCompletionHandler")).isEqualTo("samplejobcompletionhandler");
        assertThat(ManifestImport.instanceName("My Handler (v2)")).isEqualTo("my_handler_v2");
        assertThat(ManifestImport.instanceName("IIS-Renewals.Prod")).isEqualTo("iis_renewals_prod");
        assertThat(ManifestImport.instanceName("../../etc/passwd")).isEqualTo("etc_passwd");
        assertThat(ManifestImport.instanceName("keep_under_scores")).isEqualTo("keep_under_scores");
        assertThat(ManifestImport.instanceName("Zürich~1")).isEqualTo("z_rich_1");
        assertThat(ManifestImport.instanceName("!!!")).isEmpty();
        assertThat(ManifestImport.instanceName("_")).isEmpty();
    }

    @Test
    void registrationsThatNameNoFileOrTheSameFileAreSkipped() {
        ManifestImport.Result r = importer().run(manifest("\"Renewals\": {}, \"renewals!\": {}, \"!!!\": {}"),
                WINCERT_PID, true);

        assertThat(r.registrations()).extracting(ManifestImport.Planned::action).containsExactly(
                ManifestImport.Action.WRITTEN, ManifestImport.Action.SAME_FILE, ManifestImport.Action.NO_NAME);
        assertThat(r.registrations().get(1).detail())
                .isEqualTo("registration Renewals already takes io.jobhook.wincert-renewals.cfg");
        assertThat(etc.resolve("io.jobhook.wincert-renewals.cfg")).exists();
    }

    @Test
    void optionsWithoutOneUsableValueAreReportedAndNotWritten() {
        ManifestImport.Planned p = importer().run(manifest("\"A\": {\"Options\": {\"JobTypes\": \"g1\", \"JOBTYPES\": \"g2\","
                + " \"StoreTypes\": [\"WinCert\"], \"FavoriteAnimal\": null, \"FollowUpCustomJob\": \"${user.name}\"}}"),
                WINCERT_PID, false).registrations().get(0);

        assertThat(p.properties()).containsExactly(Map.entry("jobTypes", "g1"));
        assertThat(p.rejectedOptions()).containsOnlyKeys("JOBTYPES", "StoreTypes", "FavoriteAnimal", "FollowUpCustomJob");
        assertThat(p.rejectedOptions().get("JOBTYPES")).isEqualTo("sets jobTypes again, after JobTypes");
        assertThat(p.rejectedOptions().get("StoreTypes")).isEqualTo("it is an array, not a single value");
        assertThat(p.rejectedOptions().get("FavoriteAnimal")).isEqualTo("it is null, not a value");
        assertThat(p.rejectedOptions().get("FollowUpCustomJob")).contains("FileInstall would replace");
    }

    @Test
    void valuesReachFileInstallExactlyWhateverTheirCharacters() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("favoriteAnimal", "  Hippopotamus amphibius = river horse: #1 !  ");
        values.put("followUpCustomJob", "C:\\Jobs\\Follow\tUp\r\nnext line");
        values.put("followUpFields", "Stadt=Zürich,Währung=€,=starts with equals");
        values.put("odd key=:#!", "#!value");

        String cfg = ManifestImport.render(new ManifestImport.Registration("Zürich \"prod\"\nx", null, null, List.of()),
                values);

        assertThat(cfg.chars()).allMatch(c -> c < 128);
        assertThat(cfg.lines().filter(l -> l.startsWith("#"))).hasSize(2);
        assertThat(asFileInstallReadsIt(cfg)).isEqualTo(values);
    }
}
