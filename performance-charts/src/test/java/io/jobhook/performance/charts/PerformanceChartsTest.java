package io.jobhook.performance.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceChartsTest {

    static final String PAGE = """
            # Performance

            <!-- dispatch:begin -->
            | mechanism | matches | completions/s | ns per delivery |
            |---|---:|---:|---:|
            | direct call | 1 | 1,465,165 | 683 |
            | direct call | 16 | 1,657,862 | 38 |
            | Jobhook dispatcher, journal memory | 1 | 957,544 | 1,044 |
            | Jobhook dispatcher, journal memory | 16 | — | 949 |

            Some prose after the table, with a | pipe.
            <!-- dispatch:end -->

            <!-- class-data-sharing:begin -->
            | | restart → first 202, 1 / 20 handlers (ms, median) | RSS idle, 1 / 20 handlers (MiB) |
            |---|---:|---:|
            | `JOBHOOK_CDS=off` | 2,832 / 2,310 | 179 / 181 |
            | with the archive (the default) | **2,030** / 1,938 | 163 / 163 |
            <!-- class-data-sharing:end -->
            """;

    @TempDir
    Path dir;

    @Test
    void readsTheRowsOfTheNamedTableOnly() {
        MarkdownTable t = MarkdownTable.read(PAGE, "dispatch");
        assertThat(t.header()).containsExactly("mechanism", "matches", "completions/s", "ns per delivery");
        assertThat(t.rows()).hasSize(4);
        assertThat(t.rows().get(2)).containsExactly("Jobhook dispatcher, journal memory", "1", "957,544", "1,044");
    }

    @Test
    void cellsGiveTheirNumbers() {
        assertThat(MarkdownTable.numbers("1,465,165")).containsExactly(1_465_165);
        assertThat(MarkdownTable.numbers("**0.60**")).containsExactly(0.60);
        assertThat(MarkdownTable.numbers("**2,030** / 1,938")).containsExactly(2_030, 1_938);
        assertThat(MarkdownTable.numbers("—")).isEmpty();
        assertThat(MarkdownTable.numbers("direct call")).isEmpty();
    }

    @Test
    void pivotsASeriesColumnIntoOneBarPerRow() {
        DefaultCategoryDataset d = PerformanceCharts.dataset(PerformanceCharts.SPECS.get("dispatch"),
                MarkdownTable.read(PAGE, "dispatch"));
        assertThat(d.getRowKeys()).containsExactly("direct call", "Jobhook dispatcher, journal memory");
        assertThat(d.getColumnKeys()).containsExactly("1 matches", "16 matches");
        assertThat(d.getValue("Jobhook dispatcher, journal memory", "1 matches").doubleValue()).isEqualTo(957_544);
        assertThat(d.getValue("Jobhook dispatcher, journal memory", "16 matches")).isNull(); // "—" draws no bar
    }

    @Test
    void aCellOfSeveralValuesGivesASeriesPerPart() {
        DefaultCategoryDataset d = PerformanceCharts.dataset(PerformanceCharts.SPECS.get("class-data-sharing"),
                MarkdownTable.read(PAGE, "class-data-sharing"));
        String column = "restart → first 202, 1 / 20 handlers (ms, median)";
        assertThat(d.getValue(column + ", 20 handlers", "with the archive (the default)").doubleValue())
                .isEqualTo(1_938);
        assertThat(d.getValue(column + ", 1 handler", "`JOBHOOK_CDS=off`").doubleValue()).isEqualTo(2_832);
    }

    @Test
    void drawsThePngBesideThePageAndLinksItOnce() throws Exception {
        Path doc = dir.resolve("PERFORMANCE.md");
        Files.writeString(doc, PAGE);
        Path png = PerformanceCharts.render(doc, "dispatch");
        PerformanceCharts.render(doc, "dispatch");

        assertThat(png).isEqualTo(dir.resolve("performance/dispatch.png"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(PerformanceCharts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(PerformanceCharts.HEIGHT);
        String text = Files.readString(doc);
        assertThat(text.split("\\(performance/dispatch\\.png\\)", -1)).hasSize(2);
        assertThat(text).contains("<!-- dispatch:end -->\n\n![" + PerformanceCharts.SPECS.get("dispatch").title()
                + "](performance/dispatch.png)");
    }

    @Test
    void drawsLatencyDistributions() throws Exception {
        long[] floor = new long[10_000];
        long[] ingress = new long[10_000];
        for (int i = 0; i < floor.length; i++) {
            floor[i] = 500_000L + i * 100L;
            ingress[i] = 2 * floor[i];
        }
        Map<String, long[]> series = new LinkedHashMap<>();
        series.put("floor", floor);
        series.put("ingress", ingress);
        Path png = PerformanceCharts.latencyDistribution(dir.resolve("PERFORMANCE.md"), "ingress-latency", "t", series,
                List.of("floor"));
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(PerformanceCharts.WIDTH);
    }

    @Test
    void writesAReportsTableBetweenItsMarkersAndDrawsIt() throws Exception {
        Path doc = dir.resolve("PERFORMANCE.md");
        Files.writeString(doc, PAGE);
        Path png = PerformanceCharts.writeTable(doc, "dispatch", List.of("| mechanism | matches | completions/s |",
                "|---|---:|---:|", "| direct call | 4 | 2,000 |", "", "Said below the table."));

        String text = Files.readString(doc);
        assertThat(MarkdownTable.read(text, "dispatch").rows()).containsExactly(List.of("direct call", "4", "2,000"));
        assertThat(text).contains("Said below the table.\n<!-- dispatch:end -->").doesNotContain("1,465,165")
                .contains("<!-- class-data-sharing:begin -->"); // the other table untouched
        assertThat(png).isEqualTo(dir.resolve("performance/dispatch.png")).exists();
        assertThatThrownBy(() -> PerformanceCharts.writeTable(doc, "ingress", List.of("| a |")))
                .hasMessageContaining("<!-- ingress:begin -->");
    }

    @Test
    void namesWhatIsMissing() throws Exception {
        Path doc = dir.resolve("PERFORMANCE.md");
        Files.writeString(doc, PAGE);
        assertThatThrownBy(() -> PerformanceCharts.render(doc, "ingress"))
                .hasMessageContaining("<!-- ingress:begin -->");
        assertThatThrownBy(() -> PerformanceCharts.render(doc, "nothing"))
                .hasMessageContaining("'nothing'").hasMessageContaining("dispatch");
        ChartSpec wrong = ChartSpec.columns("dispatch", "t", List.of("matches"), List.of("p99 (ms)"), "ms");
        assertThatThrownBy(() -> PerformanceCharts.dataset(wrong, MarkdownTable.read(PAGE, "dispatch")))
                .hasMessageContaining("no column 'p99 (ms)'").hasMessageContaining("completions/s");
    }
}
