package io.jobhook.performance.charts;

import java.util.List;

/**
 * How one table of the performance pages is drawn: a bar chart with one group of bars per row (labelled by
 * {@code categoryColumns}) and one bar per series. The series are the {@code valueColumns}, or, with a
 * {@code seriesColumn}, that column's values (the table's rows then pivot: a row gives one bar).
 *
 * @param table the name of the table's markers, and of its chart file ({@code performance/<table>.png})
 * @param title the chart's title
 * @param categoryColumns the columns naming a group of bars (joined with a space)
 * @param seriesColumn the column whose values name the series, or null when the value columns are the series
 * @param valueColumns the numeric columns drawn
 * @param parts names of the values in a cell holding several ({@code 2,832 / 2,310}), or empty
 * @param valueAxis the value axis's label, with its unit
 * @param logarithmic whether the value axis is logarithmic (for values spanning orders of magnitude)
 * @param goals values drawn as horizontal lines (a target, a ratio of 1), or empty
 */
public record ChartSpec(String table, String title, List<String> categoryColumns, String seriesColumn,
        List<String> valueColumns, List<String> parts, String valueAxis, boolean logarithmic, List<Double> goals) {

    public ChartSpec {
        if (categoryColumns.isEmpty() || valueColumns.isEmpty()) {
            throw new IllegalArgumentException("chart " + table + " needs a category column and a value column");
        }
        categoryColumns = List.copyOf(categoryColumns);
        valueColumns = List.copyOf(valueColumns);
        parts = List.copyOf(parts);
        goals = List.copyOf(goals);
    }

    /** A chart whose series are {@code valueColumns}. */
    static ChartSpec columns(String table, String title, List<String> categories, List<String> values, String axis) {
        return new ChartSpec(table, title, categories, null, values, List.of(), axis, false, List.of());
    }

    /** A chart whose series are the values of {@code series}, each row one bar of {@code value}. */
    static ChartSpec pivot(String table, String title, String category, String series, String value, String axis) {
        return new ChartSpec(table, title, List.of(category), series, List.of(value), List.of(), axis, false, List.of());
    }

    ChartSpec onLogScale() {
        return new ChartSpec(table, title, categoryColumns, seriesColumn, valueColumns, parts, valueAxis, true, goals);
    }

    ChartSpec withGoals(Double... lines) {
        return new ChartSpec(table, title, categoryColumns, seriesColumn, valueColumns, parts, valueAxis, logarithmic,
                List.of(lines));
    }

    ChartSpec withParts(String... names) {
        return new ChartSpec(table, title, categoryColumns, seriesColumn, valueColumns, List.of(names), valueAxis,
                logarithmic, goals);
    }
}
