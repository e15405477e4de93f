package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.schema.Tables.SESSION_RECORD;
import static dev.obra.orchestrator.sqlite.schema.Tables.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class PreparedSqlTest {
    private final DSLContext dsl =
            DSL.using(SQLDialect.SQLITE, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));

    @Test
    void anUpdateBindsItsColumnsThenItsConditionAndKeepsLiteralsInline() {
        PreparedSql close = PreparedSql.update(
                dsl,
                SESSION_RECORD,
                List.of(SESSION_RECORD.STATUS, SESSION_RECORD.ENDED_AT),
                SESSION_RECORD
                        .SESSION_ID
                        .eq(PreparedSql.param(SESSION_RECORD.SESSION_ID))
                        .and(StoreWrites.SESSION_RUNNING),
                List.of(SESSION_RECORD.SESSION_ID));

        assertThat(close.sql())
                .isEqualTo("update session_record set status = ?, ended_at = ? "
                        + "where (session_record.session_id = ? and session_record.status = 'RUNNING')");
        assertThat(close.params())
                .containsExactly(SESSION_RECORD.STATUS, SESSION_RECORD.ENDED_AT, SESSION_RECORD.SESSION_ID);
    }

    @Test
    void placeholdersInAnotherOrderThanListedAreRefused() {
        assertThatThrownBy(() -> PreparedSql.of(
                        dsl,
                        dsl.selectFrom(TASK)
                                .where(TASK.ID.eq(PreparedSql.param(TASK.ID)))
                                .and(TASK.OWNER.eq(PreparedSql.param(TASK.OWNER))),
                        List.of(TASK.OWNER, TASK.ID)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[id, owner]");
    }

    @Test
    void anInsertHasOnePlaceholderPerColumn() {
        PreparedSql insert = PreparedSql.insert(dsl, TASK, List.of(TASK.ID, TASK.OWNER));
        assertThat(insert.sql()).isEqualTo("insert into task (id, owner) values (?, ?)");
    }
}
