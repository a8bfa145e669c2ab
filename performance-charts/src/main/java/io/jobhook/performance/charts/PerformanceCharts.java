package io.jobhook.performance.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the chart beside each table of the performance pages, from the table's own rows, into
 * {@code performance/<table>.png} next to the page, and links it under the table's end marker once. The
 * benchmarks' reports call {@link #render(Path, String)} right after writing their table; {@link #main} redraws
 * every table a page has (after a table was pasted by hand).
 *
 * <p>{@code java -cp … io.jobhook.performance.charts.PerformanceCharts docs/PERFORMANCE.md [table …]}
 */
public final class PerformanceCharts {

    static final int WIDTH = 960;
    static final int HEIGHT = 480;

    /** Every table of the performance pages that has a chart, by its markers' name. */
    public static final Map<String, ChartSpec> SPECS = specs(
            ChartSpec.columns("goals", "Where the goals stand: reached ÷ goal (1 = the goal; more is better)",
                    List.of("measure"), List.of("reached ÷ goal"), "reached ÷ goal").withGoals(1.0),
            ChartSpec.pivot("dispatch", "Dispatch, 100 handlers registered: completions/s by matching handlers",
                    "matches", "mechanism", "completions/s", "completions/s (log scale)").onLogScale(),
            ChartSpec.columns("metrics-cost", "Dispatcher before and with the metrics (journal in memory)",
                    List.of("matches", "round"), List.of("completions/s before", "completions/s with metrics"),
                    "completions/s"),
            ChartSpec.columns("journal-group-commit", "H2 journal: forced appends/s by concurrent callers",
                    List.of("concurrent callers"), List.of("appends/s"), "appends/s"),
            ChartSpec.columns("journal-postgresql", "Forced appends/s by concurrent callers: H2 and PostgreSQL, two runs",
                    List.of("concurrent callers"),
                    List.of("H2 appends/s", "PostgreSQL appends/s", "2nd run: H2", "PostgreSQL"), "appends/s"),
            ChartSpec.columns("cluster-load", "Ingress saturation: accepted completions/s, 32 closed-loop senders",
                    List.of("setup"), List.of("accepted/s"), "accepted/s"),
            new ChartSpec("ingress", "Ingress beside the floor (no journal): latency by load",
                    List.of("load"), "endpoint", List.of("p50 (ms)", "p99 (ms)"), List.of(),
                    "latency (ms, log scale)", true, List.of()),
            ChartSpec.columns("ingress-goals", "Ingress ÷ floor, same run (goals: p99 ≤ 1.5, saturation ≥ 0.70)",
                    List.of("measure"), List.of("ingress ÷ floor"), "ratio").withGoals(1.5, 0.70),
            ChartSpec.columns("startup", "Jobhook: launch → first 202, median of the rounds",
                    List.of("handlers", "start"), List.of("start → first 202 (ms, median)",
                            "start → all handlers registered (ms, median)"), "ms"),
            ChartSpec.columns("karaf-startup", "Karaf 4.4.10, same bundles: launch → first 202, median of the rounds",
                    List.of("handlers"), List.of("start → first 202 (ms, median)",
                            "start → all handlers registered (ms, median)"), "ms"),
            ChartSpec.columns("startup-vs-karaf", "Jobhook ÷ Karaf 4.4.10, same run (goals: start ≤ 0.30, idle memory ≤ 0.50)",
                    List.of("handlers", ""), List.of("Jobhook ÷ Karaf"), "ratio").withGoals(0.30, 0.50),
            ChartSpec.columns("class-data-sharing", "Restart → first 202 with and without the class data archive",
                    List.of(""), List.of("restart → first 202, 1 / 20 handlers (ms, median)"), "ms")
                    .withParts("1 handler", "20 handlers"),
            ChartSpec.columns("startup-floor", "Launch → first 202: the platform alone beside Jobhook",
                    List.of("setup"), List.of("launch → first 202 (ms, median)"), "ms"),
            ChartSpec.columns("memory-defaults", "Idle and peak resident memory by JVM options",
                    List.of("JVM options"), List.of("RSS idle (MiB, median)", "RSS peak under load (MiB, median)"),
                    "MiB"),
            ChartSpec.columns("fsync", "This disk: one forced write (4 KiB, append) beside the ingress's latency at 1,000/s",
                    List.of("measure"), List.of("p50 (ms)", "p99 (ms)", "p99.9 (ms)"), "ms"),
            ChartSpec.pivot("hand-off", "Per-handler threads: a bare hand-off beside the dispatcher",
                    "matches", "mechanism", "completions/s", "completions/s (log scale)").onLogScale(),
            ChartSpec.columns("hotswap", "Hot swap under 500/s: jar landed → first completion of the new version",
                    List.of("swap"), List.of("jar landed → first completion handled by the new version (ms)",
                            "old version's last completion → new version's first (ms)"), "ms").withGoals(150.0, 500.0),
            ChartSpec.columns("hotswap-poll", "Hot swap by handlers/ poll interval: jar landed → new version live",
                    List.of("poll (ms)"), List.of("median (ms)", "max (ms)"), "ms").withGoals(150.0, 500.0));

    private PerformanceCharts() {
    }

    /** Redraws the charts of the named tables of a page, or of every table it has with a chart. */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: PerformanceCharts <page.md> [table …]");
            System.exit(2);
        }
        Path doc = Path.of(args[0]);
        List<String> tables = new ArrayList<>(List.of(args).subList(1, args.length));
        if (tables.isEmpty()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            SPECS.keySet().stream().filter(t -> text.contains("<!-- " + t + ":begin -->")).forEach(tables::add);
        }
        for (String table : tables) {
            System.out.println(render(doc, table));
        }
    }

    /**
     * Writes {@code lines} (a report's table, and what it says below it) between {@code <!-- table:begin -->} and
     * {@code <!-- table:end -->} of {@code doc}, then draws the table's chart if it has one. Every benchmark's report
     * writes its table through this.
     *
     * @return the chart's file, or null when the table has no chart
     * @throws IllegalArgumentException when {@code doc} has no such markers
     */
    public static Path writeTable(Path doc, String table, List<String> lines) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String begin = "<!-- " + table + ":begin -->";
        int from = text.indexOf(begin);
        int to = text.indexOf("<!-- " + table + ":end -->");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(doc + " has no " + begin + " … <!-- " + table + ":end --> markers");
        }
        Files.writeString(doc, text.substring(0, from) + begin + "\n" + String.join("\n", lines) + "\n"
                + text.substring(to), StandardCharsets.UTF_8);
        return SPECS.containsKey(table) ? render(doc, table) : null;
    }

    /**
     * Draws the chart of {@code table} from its rows in {@code doc}.
     *
     * @return the chart's file
     */
    public static Path render(Path doc, String table) throws IOException {
        ChartSpec spec = SPECS.get(table);
        if (spec == null) {
            throw new IllegalArgumentException("no chart is defined for table '" + table + "'; the tables with charts: "
                    + SPECS.keySet());
        }
        return render(doc, spec);
    }

    static Path render(Path doc, ChartSpec spec) throws IOException {
        headless();
        MarkdownTable table = MarkdownTable.read(Files.readString(doc, StandardCharsets.UTF_8), spec.table());
        JFreeChart chart = barChart(spec, dataset(spec, table));
        Path png = chartFile(doc, spec.table());
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        link(doc, spec.table(), spec.title());
        return png;
    }

    /**
     * Draws latency distributions: for each series its latency at every percentile, the tail stretched out (the
     * axis runs 0 %, 90 %, 99 %, 99.9 % … evenly), as latency plots of HdrHistogram do.
     *
     * @param sortedNanos each series' latencies, ascending, in nanoseconds
     * @param dashed series drawn dashed (a baseline)
     * @return the chart's file, {@code performance/<name>.png} beside {@code doc}
     */
    public static Path latencyDistribution(Path doc, String name, String title, Map<String, long[]> sortedNanos,
            List<String> dashed) throws IOException {
        headless();
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, long[]> e : sortedNanos.entrySet()) {
            long[] v = e.getValue();
            if (v.length == 0) {
                continue;
            }
            XYSeries s = new XYSeries(e.getKey());
            // x = 1 / (1 - q): percentiles 0, 90, 99, 99.9 … land on 1, 10, 100, 1000 … of a log axis.
            for (int i = 0;; i++) {
                double q = 1 - Math.pow(10, -i / 20.0);
                if (1 / (1 - q) > v.length) {
                    break;
                }
                s.add(1 / (1 - q), Math.max(1e-3, at(v, q) / 1e6));
            }
            s.add(v.length, Math.max(1e-3, v[v.length - 1] / 1e6)); // the maximum
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "percentile", "latency (ms, log scale)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setTickUnit(new NumberTickUnit(1.0), false, true); // 0 %, 90 %, 99 %, 99.9 % …
        x.setNumberFormatOverride(new PercentileFormat());
        plot.setDomainAxis(x);
        plot.setRangeAxis(logAxis("latency (ms, log scale)"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            if (dashed.contains(String.valueOf(data.getSeriesKey(i)))) {
                renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            } else {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
        }
        plot.setRenderer(renderer);
        style(chart);
        Path png = chartFile(doc, name);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        return png;
    }

    /** @return where the chart of {@code table} of {@code doc} is drawn */
    public static Path chartFile(Path doc, String table) {
        Path dir = doc.toAbsolutePath().getParent();
        return dir.resolve("performance").resolve(table + ".png");
    }

    static DefaultCategoryDataset dataset(ChartSpec spec, MarkdownTable table) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Integer> categories = spec.categoryColumns().stream().map(table::column).toList();
        Integer series = spec.seriesColumn() == null ? null : table.column(spec.seriesColumn());
        for (List<String> row : table.rows()) {
            List<String> label = new ArrayList<>();
            for (int c : categories) {
                String heading = table.header().get(c);
                String cell = row.get(c).replace("**", "");
                // A bare number means little alone: "16" under "matches" reads as "16 matches".
                label.add(heading.isEmpty() || !cell.matches("[0-9.,]+") ? cell : cell + " " + heading);
            }
            String category = String.join(" · ", label);
            for (String column : spec.valueColumns()) {
                double[] values = MarkdownTable.numbers(row.get(table.column(column)));
                for (int i = 0; i < values.length; i++) {
                    String name = series == null ? column : row.get(series)
                            + (spec.valueColumns().size() > 1 ? ", " + column : "");
                    if (values.length > 1) {
                        name = name + ", " + (i < spec.parts().size() ? spec.parts().get(i) : "#" + (i + 1));
                    }
                    data.addValue(values[i], name, category);
                }
            }
        }
        if (data.getRowCount() == 0) {
            throw new IllegalArgumentException("table " + spec.table() + " has no number in " + spec.valueColumns());
        }
        return data;
    }

    private static JFreeChart barChart(ChartSpec spec, DefaultCategoryDataset data) {
        // Many groups read better as rows, their labels on the left, than as columns with slanted labels.
        boolean rows = data.getColumnCount() > 8;
        JFreeChart chart = ChartFactory.createBarChart(spec.title(), null, spec.valueAxis(), data,
                rows ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        if (spec.logarithmic()) {
            // Bars stand on the decade below the smallest value: a log axis has no zero to stand on.
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int r = 0; r < data.getRowCount(); r++) {
                for (int c = 0; c < data.getColumnCount(); c++) {
                    Number n = data.getValue(r, c);
                    if (n != null && n.doubleValue() > 0) {
                        min = Math.min(min, n.doubleValue());
                        max = Math.max(max, n.doubleValue());
                    }
                }
            }
            LogAxis axis = logAxis(spec.valueAxis());
            double lower = Math.pow(10, Math.floor(Math.log10(min)));
            axis.setRange(lower, Math.pow(10, Math.ceil(Math.log10(max * 1.01))));
            bars.setBase(lower);
            plot.setRangeAxis(axis);
        }
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.02);
        for (Double goal : spec.goals()) {
            ValueMarker line = new ValueMarker(goal, new Color(0xC0, 0x30, 0x30), new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            line.setLabel("goal " + new DecimalFormat("#,##0.##", new java.text.DecimalFormatSymbols(Locale.ROOT))
                    .format(goal));
            line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(line);
        }
        CategoryAxis axis = plot.getDomainAxis();
        axis.setMaximumCategoryLabelLines(3);
        if (rows) {
            axis.setMaximumCategoryLabelWidthRatio(0.35f);
        }
        style(chart);
        return chart;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setTickUnit(new NumberTickUnit(1.0), false, true); // one tick per decade
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", new java.text.DecimalFormatSymbols(Locale.ROOT)));
        return axis;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        chart.getPlot().setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
    }

    /** Puts {@code ![title](performance/<table>.png)} under the table's end marker, unless the page has it. */
    static void link(Path doc, String table, String title) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        String image = "(performance/" + table + ".png)";
        if (text.contains(image)) {
            return;
        }
        String end = "<!-- " + table + ":end -->";
        int at = text.indexOf(end) + end.length();
        Files.writeString(doc, text.substring(0, at) + "\n\n![" + title + "]" + image + text.substring(at),
                StandardCharsets.UTF_8);
    }

    private static double at(long[] sorted, double q) {
        int i = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1));
        return sorted[i];
    }

    /** Charts are drawn on machines without a display (CI, a server). */
    private static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Map<String, ChartSpec> specs(ChartSpec... all) {
        Map<String, ChartSpec> m = new LinkedHashMap<>();
        for (ChartSpec s : all) {
            m.put(s.table(), s);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Labels a {@code 1 / (1 - q)} axis with the percentile q. */
    private static final class PercentileFormat extends NumberFormat {

        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
            double percent = 100 * (1 - 1 / v);
            return to.append(new DecimalFormat("0.####", new java.text.DecimalFormatSymbols(Locale.ROOT))
                    .format(percent)).append(" %");
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("a chart's axis is only written");
        }
    }
}
