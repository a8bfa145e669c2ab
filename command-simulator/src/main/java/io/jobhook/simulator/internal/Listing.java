package io.jobhook.simulator.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jobhook.simulator.CodedEnum;

/**
 * Filter, sort and page of a list endpoint: {@code QueryString}, {@code PageReturned} (from 1),
 * {@code ReturnLimit} (default 50), {@code SortField}, {@code SortAscending} (0 ascending, 1
 * descending). Each parameter is read with or without the endpoint's prefix ({@code pq.}, or
 * {@code cstquery.} for store types), names without case; the prefixed one wins.
 */
public record Listing(String queryString, int pageReturned, int returnLimit, String sortField, boolean ascending) {

    public static final int DEFAULT_RETURN_LIMIT = 50;

    /**
     * @param params the request's query parameters, names as sent
     * @param prefix e.g. {@code pq.}
     * @throws QueryException naming the bad parameter
     */
    public static Listing from(Map<String, List<String>> params, String prefix) {
        String q = param(params, prefix, "QueryString");
        int page = intParam(params, prefix, "PageReturned", 1);
        int limit = intParam(params, prefix, "ReturnLimit", DEFAULT_RETURN_LIMIT);
        String sort = param(params, prefix, "SortField");
        int asc = intParam(params, prefix, "SortAscending", 0);
        if (page < 1) {
            throw new QueryException("Invalid PageReturned: " + page + " (pages count from 1)");
        }
        if (limit < 1) {
            throw new QueryException("Invalid ReturnLimit: " + limit + " (must be 1 or more)");
        }
        if (asc != 0 && asc != 1) {
            throw new QueryException("Invalid SortAscending: " + asc + " (0 ascending, 1 descending)");
        }
        return new Listing(q, page, limit, sort == null || sort.isBlank() ? null : sort.trim(), asc == 0);
    }

    private static String param(Map<String, List<String>> params, String prefix, String name) {
        String plain = null;
        String prefixed = null;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            String v = e.getValue().isEmpty() ? "" : e.getValue().get(e.getValue().size() - 1);
            if (k.equals(name.toLowerCase(Locale.ROOT))) {
                plain = v;
            } else if (k.equals((prefix + name).toLowerCase(Locale.ROOT))) {
                prefixed = v;
            }
        }
        return prefixed != null ? prefixed : plain;
    }

    private static int intParam(Map<String, List<String>> params, String prefix, String name, int def) {
        String v = param(params, prefix, name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new QueryException("Invalid " + name + ": '" + v + "' is not a number");
        }
    }

    /**
     * @param rows every row, in the endpoint's own order
     * @return the requested page of the matching rows
     * @throws QueryException for an invalid query or sort field
     */
    public <T> List<T> apply(List<T> rows, FieldSet<T> fields, Clock clock) {
        var filter = QueryLanguage.compile(queryString, fields, clock);
        List<T> result = new ArrayList<>();
        for (T row : rows) {
            if (filter.test(row)) {
                result.add(row);
            }
        }
        if (sortField != null) {
            FieldSet.Field<T> f = fields.field(sortField).filter(FieldSet.Field::sortable)
                    .orElseThrow(() -> new QueryException("Invalid sort field: " + sortField));
            Comparator<T> c = (a, b) -> compareKeys(sortKey(f, a), sortKey(f, b));
            result.sort(ascending ? c : c.reversed());
        }
        long from = (long) (pageReturned - 1) * returnLimit;
        if (from >= result.size()) {
            return List.of();
        }
        return List.copyOf(result.subList((int) from, (int) Math.min(result.size(), from + returnLimit)));
    }

    /** Nulls first, as SQL Server sorts them ascending. */
    @SuppressWarnings("unchecked")
    private static int compareKeys(Comparable<?> x, Comparable<?> y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        return ((Comparable<Object>) x).compareTo(y);
    }

    private static <T> Comparable<?> sortKey(FieldSet.Field<T> f, T row) {
        Object v = f.accessor().apply(row);
        if (v == null) {
            return null;
        }
        return switch (f.kind()) {
            case STRING, GUID -> v.toString().toLowerCase(Locale.ROOT);
            case NUMBER -> ((Number) v).longValue();
            case ENUM -> ((CodedEnum) v).code();
            case BOOLEAN, DATE -> (Comparable<?>) v;
        };
    }
}
