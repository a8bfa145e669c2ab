package io.jobhook.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jobhook.testsupport.MutableClock;
import io.jobhook.testsupport.SharedData;

class StoreTypeCatalogTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void loadsAllFiftySixRealDefinitions() {
        Path file = SharedData.file("store-types.kfutil.json");
        List<StoreTypeDefinition> defs = StoreTypeCatalog.load(file, mapper);
        assertThat(defs).hasSize(56);
        StoreTypeDefinition winCert = defs.stream().filter(d -> d.shortName().equals("WinCert")).findFirst()
                .orElseThrow();
        assertThat(winCert.capability()).isEqualTo("WinCert");
        assertThat(winCert.supportedOperations()).isEqualTo(
                new StoreTypeDefinition.Operations(true, false, false, true, true));
        assertThat(winCert.properties()).extracting(StoreTypeDefinition.Property::name).contains("WinRM Port");
    }

    @Test
    void aModelWithTheFileServesExactlyItsTypesWithGuids() {
        Path file = SharedData.file("store-types.kfutil.json");
        CommandModel model = new CommandModel(SimulatorSettings.defaults().withStoreTypesFile(file),
                new MutableClock(Instant.EPOCH), mapper);
        assertThat(model.storeTypes()).hasSize(56);
        assertThat(model.storeTypes()).allSatisfy(t -> assertThat(t.inventoryJobType()).isNotNull());
        assertThat(model.storeTypes()).extracting(SimStoreType::inventoryJobType).doesNotHaveDuplicates();
        assertThat(model.winCert().inventoryJobType()).hasToString("49b3a17d-cada-4ec8-84c6-7719bf5beef3");
        for (SimStoreType t : model.storeTypes()) {
            StoreTypeDefinition.Operations ops = t.definition().supportedOperations();
            assertThat(t.managementJobType() != null).as(t.shortName()).isEqualTo(ops.add() || ops.remove() || ops.create());
            assertThat(t.discoveryJobType() != null).as(t.shortName()).isEqualTo(ops.discovery());
            assertThat(t.enrollmentJobType() != null).as(t.shortName()).isEqualTo(ops.enrollment());
        }
    }

    @Test
    void badFilesAreRefusedNamingEntryAndField(@TempDir Path dir) throws Exception {
        Path notArray = dir.resolve("a.json");
        Files.writeString(notArray, "{}");
        assertThatThrownBy(() -> StoreTypeCatalog.load(notArray, mapper)).hasMessageContaining("JSON array");
        Path noShortName = dir.resolve("b.json");
        Files.writeString(noShortName, "[{\"Name\":\"X\",\"ShortName\":\"X\",\"Capability\":\"X\","
                + "\"SupportedOperations\":{}},{\"Name\":\"Y\",\"Capability\":\"Y\",\"SupportedOperations\":{}}]");
        assertThatThrownBy(() -> StoreTypeCatalog.load(noShortName, mapper)).hasMessageContaining("entry 2")
                .hasMessageContaining("ShortName");
        assertThatThrownBy(() -> StoreTypeCatalog.load(dir.resolve("missing.json"), mapper))
                .hasMessageContaining("missing.json");
    }
}
