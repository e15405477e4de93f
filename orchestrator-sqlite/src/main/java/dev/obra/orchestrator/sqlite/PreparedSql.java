package dev.obra.orchestrator.sqlite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A statement rendered once by jOOQ from the generated tables, with one bind parameter per listed field, so that
 * the SQL is type-checked at compile time and rendered once per store instead of once per call.
 *
 * @param sql    the SQL with {@code ?} placeholders, in the store's dialect
 * @param params the fields whose values fill the placeholders, in order
 */
record PreparedSql(String sql, List<Field<?>> params) {

    /** Returns a placeholder for {@code field}'s value, named after it. */
    static <T> Param<T> param(Field<T> field) {
        return DSL.param(field.getName(), field.getDataType());
    }

    /** Returns {@code INSERT INTO table (columns) VALUES (?, ...)}, one placeholder per column. */
    static PreparedSql insert(DSLContext dsl, Table<?> table, List<Field<?>> columns) {
        List<Field<?>> placeholders =
                columns.stream().<Field<?>>map(PreparedSql::param).collect(Collectors.toList());
        return of(dsl, dsl.insertInto(table).columns(columns).values(placeholders), columns);
    }

    /** Returns {@code UPDATE table SET column = ?, ... WHERE condition}, the condition's placeholders last. */
    static PreparedSql update(
            DSLContext dsl,
            Table<?> table,
            List<Field<?>> columns,
            Condition condition,
            List<Field<?>> conditionParams) {
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        columns.forEach(c -> set.put(c, param(c)));
        List<Field<?>> params = new ArrayList<>(columns);
        params.addAll(conditionParams);
        return of(dsl, dsl.update(table).set(set).where(condition), params);
    }

    /**
     * Renders {@code query}, whose placeholders were made with {@link #param(Field)} for {@code params} in this order.
     *
     * @throws IllegalStateException when the query's placeholders are not exactly {@code params} in order
     */
    static PreparedSql of(DSLContext dsl, Query query, List<Field<?>> params) {
        // Inline literals (the statuses of running rows) are params to jOOQ too, but render as values.
        List<String> placeholders = query.getParams().values().stream()
                .filter(p -> !p.isInline())
                .map(Param::getParamName)
                .collect(Collectors.toList());
        List<String> expected = params.stream().map(Field::getName).collect(Collectors.toList());
        if (!placeholders.equals(expected)) {
            throw new IllegalStateException("placeholders " + placeholders + " do not match " + expected);
        }
        return new PreparedSql(dsl.render(query), List.copyOf(params));
    }
}
