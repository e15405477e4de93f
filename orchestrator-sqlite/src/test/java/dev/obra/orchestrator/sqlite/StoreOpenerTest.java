package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StoreOpenerTest {

    @Test
    void urlsAreShownWithoutParametersOrUserInfo() {
        assertThat(StoreOpener.redact("jdbc:postgresql://127.0.0.1:5432/obra?user=me&password=s3cret"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/obra");
        assertThat(StoreOpener.redact("jdbc:postgresql://me:s3cret@db.example:5432/obra"))
                .isEqualTo("jdbc:postgresql://db.example:5432/obra");
        assertThat(StoreOpener.redact("jdbc:h2:file:/data/obra;USER=sa;PASSWORD=s3cret"))
                .isEqualTo("jdbc:h2:file:/data/obra");
        assertThat(StoreOpener.redact("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
    }

    @Test
    void costsKeepTwentyDecimalPlacesAndRoundHalfEvenOnlyBeyond() {
        assertThat(ColumnValues.cost(new BigDecimal("0.007116000000000001"))).isEqualTo("0.007116000000000001");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678905"))).isEqualTo("0.12345678901234567890");
        assertThat(ColumnValues.cost(new BigDecimal("0.123456789012345678915"))).isEqualTo("0.12345678901234567892");
    }
}
