package io.jobhook.performance.charts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first Markdown table between {@code <!-- name:begin -->} and {@code <!-- name:end -->} of a document: the
 * rows a benchmark's report wrote there, read back so that its chart shows exactly what its table says.
 *
 * @param name the markers' name
 * @param header the column headings, in order
 * @param rows each row's cells, as written
 */
public record MarkdownTable(String name, List<String> header, List<List<String>> rows) {

    /** @return the table named {@code name} in {@code text} */
    public static MarkdownTable read(String text, String name) {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no table between " + begin + " and " + end);
        }
        List<List<String>> lines = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.substring(from + begin.length(), to).split("\n")) {
            String l = line.strip();
            if (l.startsWith("|")) {
                inTable = true;
                lines.add(cells(l));
            } else if (inTable) {
                break; // the first table only: what follows it is prose
            }
        }
        if (lines.size() < 2) {
            throw new IllegalArgumentException("the text between " + begin + " and " + end + " holds no table");
        }
        List<String> header = lines.get(0);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : lines.subList(2, lines.size())) { // line 1 is the alignment row
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("table " + name + ": row " + row + " has " + row.size()
                        + " cells where the header has " + header.size());
            }
            rows.add(row);
        }
        return new MarkdownTable(name, List.copyOf(header), List.copyOf(rows));
    }

    /** @return the index of the column headed {@code heading} */
    public int column(String heading) {
        int at = header.indexOf(heading);
        if (at < 0) {
            throw new IllegalArgumentException("table " + name + " has no column '" + heading + "'; its columns: "
                    + header);
        }
        return at;
    }

    /**
     * The numbers of a cell: {@code 1,465,165} is one, {@code 2,832 / 2,310} two; emphasis is ignored, and a cell
     * without a number ({@code —}) gives none.
     */
    public static double[] numbers(String cell) {
        String[] parts = cell.replace("**", "").replace(",", "").split("/");
        List<Double> values = new ArrayList<>();
        for (String part : parts) {
            String p = part.strip().replaceAll("[^0-9.eE+-].*$", "");
            if (!p.isEmpty()) {
                try {
                    values.add(Double.parseDouble(p));
                } catch (NumberFormatException e) {
                    // not a number: no value for this part
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }
}
