package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StoreOpenerTest {

    @Test
    void urlsAreShownWithoutUserInfoAndWithoutTheValuesOfCredentialParameters() {
        assertThat(StoreOpener.redact("jdbc:postgresql://127.0.0.1:5432/obra?user=me&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/obra?user=***&password=***&ssl=true");
        assertThat(StoreOpener.redact("jdbc:postgresql://me:s3cret@db.example:5432/obra"))
                .isEqualTo("jdbc:postgresql://db.example:5432/obra");
        assertThat(StoreOpener.redact("jdbc:postgresql://me:p@ss/w0rd@db.example/obra"))
                .isEqualTo("jdbc:postgresql://db.example/obra");
        assertThat(StoreOpener.redact("jdbc:h2:file:/data/obra;USER=sa;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:/data/obra;USER=***;PASSWORD=***");
        assertThat(StoreOpener.redact("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
    }

    @Test
    void theStoreNamesADatabaseByItsUrlWithoutParameters() {
        assertThat(StoreOpener.describe("jdbc:postgresql://me:s3cret@127.0.0.1:5432/obra?user=me&password=s3cret"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/obra");
        assertThat(StoreOpener.describe("jdbc:h2:file:/data/obra;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:/data/obra");
    }

    @Test
    void credentialsQuotedInADriversMessageAreRedactedToo() {
        assertThat(StoreOpener.redact("URL invalid jdbc:postgresql://h/db?Password=s3cret: bad port"))
                .isEqualTo("URL invalid jdbc:postgresql://h/db?Password=*** bad port");
        assertThat(JooqSessionStore.redact("Unable to open jdbc:postgresql://me:s3cret@h/db now"))
                .isEqualTo("Unable to open jdbc:postgresql://h/db now");
        assertThat(StoreOpener.redact("java.net.UnknownHostException: me:s3cret@127.0.0.1"))
                .isEqualTo("java.net.UnknownHostException: 127.0.0.1");
        assertThat(StoreOpener.redact("at 10:30 the host db.example:5432 answered"))
                .isEqualTo("at 10:30 the host db.example:5432 answered");
    }

    @Test
    void costsKeepTwentyDecimalPlacesAndRoundHalfEvenOnlyBeyond() {
        assertThat(ColumnValues.cost(new BigDecimal("0.007116000000000001"))).isEqualTo("0.007116000000000001");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678905"))).isEqualTo("0.12345678901234567890");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678915"))).isEqualTo("0.12345678901234567892");
    }
}
