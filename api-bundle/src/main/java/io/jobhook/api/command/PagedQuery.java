package io.jobhook.api.command;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Filter, page and order of a Command list endpoint: {@code QueryString}, {@code PageReturned} (from 1),
 * {@code ReturnLimit}, {@code SortField} and {@code SortAscending}. Command documents them with a
 * prefix ({@code pq.queryString}); it accepts both spellings.
 *
 * <pre>{@code
 * PagedQuery.where(Query.field("JobId").eq(jobId)).sortBy("JobHistoryId", true).limit(100)
 * }</pre>
 *
 * @param query the filter, or null for every row
 * @param pageReturned the page, from 1
 * @param returnLimit rows per page, 1 or more ({@link #DEFAULT_RETURN_LIMIT} by default, as Command)
 * @param sortField a field of the endpoint's response to sort by (Command answers 400 for any other), or
 *        null for Command's order
 * @param sortAscending the direction, when {@code sortField} is set
 */
public record PagedQuery(Query query, int pageReturned, int returnLimit, String sortField, boolean sortAscending) {

    /** Command's default page size. */
    public static final int DEFAULT_RETURN_LIMIT = 50;

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /**
     * @throws IllegalArgumentException naming the invalid value
     */
    public PagedQuery {
        if (pageReturned < 1) {
            throw new IllegalArgumentException("pageReturned must be 1 or more, was " + pageReturned);
        }
        if (returnLimit < 1) {
            throw new IllegalArgumentException("returnLimit must be 1 or more, was " + returnLimit);
        }
        if (sortField != null && !FIELD_NAME.matcher(sortField).matches()) {
            throw new IllegalArgumentException("sortField '" + sortField + "' is not a field name");
        }
    }

    /** @return the first page of every row, 50 to a page, in Command's order */
    public static PagedQuery all() {
        return new PagedQuery(null, 1, DEFAULT_RETURN_LIMIT, null, true);
    }

    /** @return the first page of the rows that match {@code query} */
    public static PagedQuery where(Query query) {
        return new PagedQuery(query, 1, DEFAULT_RETURN_LIMIT, null, true);
    }

    /** @return this query for another page */
    public PagedQuery page(int page) {
        return new PagedQuery(query, page, returnLimit, sortField, sortAscending);
    }

    /** @return this query for the next page */
    public PagedQuery nextPage() {
        return page(pageReturned + 1);
    }

    /** @return this query with another page size */
    public PagedQuery limit(int limit) {
        return new PagedQuery(query, pageReturned, limit, sortField, sortAscending);
    }

    /** @return this query sorted by {@code field} */
    public PagedQuery sortBy(String field, boolean ascending) {
        return new PagedQuery(query, pageReturned, returnLimit, field, ascending);
    }

    /**
     * Streams every row from this page on, fetching a page only when the rows before it are consumed and
     * stopping after the first page shorter than {@link #returnLimit()} (Command gives no total count).
     *
     * <pre>{@code
     * PagedQuery.where(q).limit(200).stream(api::jobHistory).forEach(...)
     * }</pre>
     *
     * @param fetchPage the list operation, e.g. {@code api::jobHistory}
     * @return the rows, lazily; a failure to fetch a page surfaces where the stream is consumed
     */
    public <T> Stream<T> stream(Function<PagedQuery, List<T>> fetchPage) {
        Iterator<T> rows = new Iterator<>() {
            private PagedQuery next = PagedQuery.this;
            private Iterator<T> page = List.<T>of().iterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next != null) {
                    List<T> rows = fetchPage.apply(next);
                    next = rows.size() < next.returnLimit() ? null : next.nextPage();
                    page = rows.iterator();
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false);
    }

    /**
     * @return the URL query parameters, not yet percent-encoded, in Command's unprefixed spelling;
     *         {@code SortAscending} is 0 for ascending and 1 for descending, as Command defines it
     */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (query != null) {
            p.put("QueryString", query.render());
        }
        p.put("PageReturned", Integer.toString(pageReturned));
        p.put("ReturnLimit", Integer.toString(returnLimit));
        if (sortField != null) {
            p.put("SortField", sortField);
            p.put("SortAscending", sortAscending ? "0" : "1");
        }
        return p;
    }
}
