package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreOpenerTest {

    /** URLs, and drivers' messages that quote them or their user info, as they are shown. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://127.0.0.1:5432/obra?user=me&password=s3cret&ssl=true"
                        + " | jdbc:postgresql://127.0.0.1:5432/obra?user=***&password=***&ssl=true",
                "jdbc:postgresql://me:s3cret@db.example:5432/obra | jdbc:postgresql://db.example:5432/obra",
                "jdbc:postgresql://me:p@ss/w0rd@db.example/obra | jdbc:postgresql://db.example/obra",
                "jdbc:h2:file:/data/obra;USER=sa;PASSWORD=s3cret | jdbc:h2:file:/data/obra;USER=***;PASSWORD=***",
                "jdbc:h2:mem:test | jdbc:h2:mem:test",
                "URL invalid jdbc:postgresql://h/db?Password=s3cret: bad port"
                        + " | URL invalid jdbc:postgresql://h/db?Password=*** bad port",
                "java.net.UnknownHostException: me:s3cret@127.0.0.1 | java.net.UnknownHostException: 127.0.0.1",
                "at 10:30 the host db.example:5432 answered | at 10:30 the host db.example:5432 answered"
            })
    void urlsAndDriversMessagesAreShownWithoutUserInfoAndWithoutTheValuesOfCredentials(String text, String shown) {
        assertThat(StoreOpener.redact(text)).isEqualTo(shown);
    }

    @Test
    void theStoresRedactIsTheOpenersToo() {
        assertThat(JooqSessionStore.redact("Unable to open jdbc:postgresql://me:s3cret@h/db now"))
                .isEqualTo("Unable to open jdbc:postgresql://h/db now");
    }

    @Test
    void theStoreNamesADatabaseByItsUrlWithoutParameters() {
        assertThat(StoreOpener.describe("jdbc:postgresql://me:s3cret@127.0.0.1:5432/obra?user=me&password=s3cret"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/obra");
        assertThat(StoreOpener.describe("jdbc:h2:file:/data/obra;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:/data/obra");
    }

    @Test
    void costsKeepTwentyDecimalPlacesAndRoundHalfEvenOnlyBeyond() {
        assertThat(ColumnValues.cost(new BigDecimal("0.007116000000000001"))).isEqualTo("0.007116000000000001");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678905"))).isEqualTo("0.12345678901234567890");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678915"))).isEqualTo("0.12345678901234567892");
    }
}
