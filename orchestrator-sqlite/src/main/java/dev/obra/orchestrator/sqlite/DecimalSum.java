package dev.obra.orchestrator.sqlite;

import java.math.BigDecimal;
import java.sql.SQLException;
import org.sqlite.Function;

/**
 * {@code obra_sum_usd(x)}: an exact sum of decimal text for SQLite, which has no decimal type and would sum costs
 * as doubles. Registered on every connection of the store's pool; it returns {@code '0'} for no rows.
 */
final class DecimalSum extends Function.Aggregate {
    static final String NAME = "obra_sum_usd";

    private BigDecimal sum = BigDecimal.ZERO;

    @Override
    protected void xStep() throws SQLException {
        String value = value_text(0);
        if (value != null) {
            try {
                sum = sum.add(new BigDecimal(value));
            } catch (NumberFormatException e) {
                throw new SQLException("cost '" + value + "' is not a decimal number", e);
            }
        }
    }

    @Override
    protected void xFinal() throws SQLException {
        result(sum.toPlainString());
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        // SQLite asks for one copy per group; each copy starts from zero.
        DecimalSum copy = (DecimalSum) super.clone();
        copy.sum = BigDecimal.ZERO;
        return copy;
    }
}
