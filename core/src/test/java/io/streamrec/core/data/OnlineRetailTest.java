package io.streamrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventParser;
import io.streamrec.core.event.EventType;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnlineRetailTest {
    @Test
    void handlesWhatTheRealDataHas() throws Exception {
        String csv = String.join("\n",
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01T08:26:00,2.55,17850,United Kingdom",
                "536366,22633,\"HAND WARMER, UNION JACK\",6,2010-12-01T08:28:00,1.85,17850.0,United Kingdom",
                "C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1,2010-12-01T09:41:00,2.55,17850,United Kingdom",
                "536370,POST,POSTAGE,3,2010-12-01T08:45:00,18,12583,France",
                "536414,22139,,56,2010-12-01T11:52:00,0,,United Kingdom",
                "536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2011-06-01T14:32:00,2.51,13047,United Kingdom");
        OnlineRetail.Result r = OnlineRetail.read(new BufferedReader(new StringReader(csv)));
        assertThat(r.stats().rows()).isEqualTo(6);
        assertThat(r.stats().events()).isEqualTo(4);
        assertThat(r.stats().guestRows()).isEqualTo(1);
        assertThat(r.stats().nonProductRows()).isEqualTo(1);
        Event first = r.events().get(0);
        assertThat(first.userId).isEqualTo("17850");
        assertThat(first.type).isEqualTo(EventType.PURCHASE);
        assertThat(first.value).isEqualTo(6.0);
        assertThat(first.category).isEqualTo("holder");
        assertThat(first.ts).isEqualTo(1_291_191_960_000L); // 08:26 GMT in December
        assertThat(r.events().get(1).userId).isEqualTo("17850");
        assertThat(r.events().get(1).category).isEqualTo("jack");
        assertThat(r.events().get(2).type).isEqualTo(EventType.REMOVE_FROM_CART);
        assertThat(r.events().get(2).value).isEqualTo(1.0);
        assertThat(r.events().get(3).ts).isEqualTo(1_306_935_120_000L); // 14:32 BST in June = 13:32 UTC
        EventParser parser = new EventParser();
        for (Event e : r.events()) {
            assertThat(parser.parse(e.toString()).event()).isEqualTo(e);
        }
    }

    @Test
    void productsHaveTheirLastDescriptionAndUsualPrice() throws Exception {
        String csv = String.join("\n",
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01T08:26:00,2.55,17850,United Kingdom",
                "536366,22633,\"HAND WARMER, UNION JACK\",6,2010-12-01T08:28:00,1.85,,United Kingdom",
                "536367,85123a,,6,2010-12-02T08:26:00,0,17850,United Kingdom",
                "536368,85123A,CREAM HANGING HEART T-LIGHT HOLDER,1,2010-12-03T08:26:00,5.91,,United Kingdom",
                "536369,85123A,,1,2010-12-04T08:26:00,2.55,17850,United Kingdom",
                "536371,22633,\"HAND WARMER, UNION JACK\",6,2010-12-05T08:28:00,2.10,17850,United Kingdom",
                "536370,POST,POSTAGE,3,2010-12-01T08:45:00,18,12583,France");
        var products = OnlineRetail.products(new BufferedReader(new StringReader(csv)));
        assertThat(products).containsOnlyKeys("85123A", "22633");
        assertThat(products.get("85123A")).isEqualTo(new OnlineRetail.Product("CREAM HANGING HEART T-LIGHT HOLDER", 2.55));
        assertThat(products.get("22633")).isEqualTo(new OnlineRetail.Product("HAND WARMER, UNION JACK", 2.10));
    }

    @Test
    void shippedFilesConvertToValidEvents() {
        OnlineRetail.Result head = OnlineRetail.read(Path.of("../data/online-retail/online-retail-2010-12-head.csv"));
        assertThat(head.stats().rows()).isEqualTo(39_529);
        assertThat(head.events()).hasSizeGreaterThan(20_000);
        assertThat(head.events().stream().filter(e -> e.category != null).count())
                .isGreaterThan(head.events().size() * 9L / 10);
    }

    @Test
    void theFullFileHasSpacedDatesAndIsGzipped() {
        OnlineRetail.Result full = OnlineRetail.read(Path.of("../data/online-retail/online-retail-2010-2011-full.csv.gz"));
        assertThat(full.stats().rows()).isEqualTo(541_909);
        assertThat(full.stats().guestRows()).isGreaterThan(100_000);
        assertThat(full.events()).hasSizeGreaterThan(390_000);
        // the first row, 2010-12-01 08:26:00, read like the subsets' 2010-12-01T08:26:00
        assertThat(full.events().get(0).ts).isEqualTo(1_291_191_960_000L);
        assertThat(OnlineRetail.isoDateTime("2011-06-01 14:32:00")).isEqualTo("2011-06-01T14:32:00");
        assertThat(OnlineRetail.isoDateTime("2011-06-01T14:32:00")).isEqualTo("2011-06-01T14:32:00");
    }

    @Test
    void categoriesComeFromTheLastMeaningfulNoun() {
        assertThat(OnlineRetail.category("SET 7 BABUSHKA NESTING BOXES")).isEqualTo("box");
        assertThat(OnlineRetail.category("JUMBO BAG RED RETROSPOT")).isEqualTo("bag");
        assertThat(OnlineRetail.category("PACK OF 72 RETROSPOT CAKE CASES")).isEqualTo("case");
        assertThat(OnlineRetail.category("")).isNull();
    }
}
