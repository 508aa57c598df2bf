package io.streamrec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import org.junit.jupiter.api.Test;

class SessionsTest {
    static Event ev(String user, String item, long ts, String invoice) {
        return new Event(null, user, item, EventType.PURCHASE, ts, null, null,
                invoice == null ? null : "{\"invoice\":\"" + invoice + "\",\"source\":\"test\"}");
    }

    @Test
    void anInvoiceIsASessionWhateverTheGap() {
        Sessions s = Sessions.of("auto", 30 * 60_000L);
        assertThat(s.opens(ev("u", "a", 0, "1"))).isTrue();
        assertThat(s.opens(ev("u", "b", 5 * 3_600_000L, "1"))).isFalse(); // same invoice, hours later
        assertThat(s.opens(ev("v", "a", 5 * 3_600_000L, "2"))).isTrue(); // another user
        assertThat(s.opens(ev("u", "c", 5 * 3_600_000L + 1, "3"))).isTrue(); // a new invoice one ms later
        assertThat(s.opens(ev("u", "d", 5 * 3_600_000L + 2, "3"))).isFalse();
    }

    @Test
    void withoutAnInvoiceAGapOfMoreThanThirtyMinutesOpensASession() {
        Sessions s = Sessions.of("auto", 30 * 60_000L);
        assertThat(s.opens(ev("u", "a", 0, null))).isTrue();
        assertThat(s.opens(ev("u", "b", 30 * 60_000L, null))).isFalse(); // exactly the gap
        assertThat(s.opens(ev("u", "c", 60 * 60_000L + 1, null))).isTrue();
        Sessions gapOnly = Sessions.of("gap", 30 * 60_000L);
        assertThat(gapOnly.opens(ev("u", "a", 0, "1"))).isTrue();
        assertThat(gapOnly.opens(ev("u", "b", 1, "2"))).isFalse(); // invoices ignored
    }

    @Test
    void readsTheInvoiceTheOnlineRetailLoaderWrites() {
        assertThat(Sessions.invoiceOf(ev("u", "a", 0, "536365"))).isEqualTo("536365");
        assertThat(Sessions.invoiceOf(ev("u", "a", 0, null))).isNull();
    }
}
