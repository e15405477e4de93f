package dev.obra.orchestrator.sqlite;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database, closed and reopened wherever the contract reopens. */
class H2SessionStoreIT extends JooqSessionStoreContract {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("obra");
    }

    @Override
    protected JooqSessionStore open(JooqSessionStore.Options options) {
        return JooqSessionStore.h2(url(), options);
    }

    @Override
    protected DataSource plainDataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url());
        return dataSource;
    }

    @Override
    protected Backend backend() {
        return Backend.H2;
    }
}
