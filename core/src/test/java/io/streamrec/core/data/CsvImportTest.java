package io.streamrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventType;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvImportTest {
    private static final CsvImport.Mapping RETAILROCKET = CsvImport.Mapping.parse(
            "user=visitorid,item=itemid,type=event,ts=timestamp:ms",
            "view=view,addtocart=cart,transaction=purchase", null, null, null);

    static List<Event> read(String csv, CsvImport.Mapping m, CsvImport.Stats[] stats) throws Exception {
        List<Event> out = new ArrayList<>();
        stats[0] = CsvImport.read(new BufferedReader(new StringReader(csv)), m, out::add);
        return out;
    }

    @Test
    void mapsColumnsAndTypesByTheHeader() throws Exception {
        String csv = String.join("\n",
                "timestamp,visitorid,event,itemid,transactionid",
                "1433221332117,257597,view,355908,",
                "1433224214164,992329,addtocart,248676,",
                "1433221955914,483717,transaction,253185,11");
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(csv, RETAILROCKET, s);
        assertThat(events).containsExactly(
                Event.of("257597", "355908", EventType.VIEW, 1433221332117L),
                Event.of("992329", "248676", EventType.ADD_TO_CART, 1433224214164L),
                Event.of("483717", "253185", EventType.PURCHASE, 1433221955914L));
        assertThat(s[0].rows()).isEqualTo(3);
        assertThat(s[0].events()).isEqualTo(3);
        assertThat(s[0].skipped()).isEmpty();
    }

    @Test
    void badRowsAreCountedByReasonWithTheirLineNumbers() throws Exception {
        String csv = String.join("\n",
                "timestamp,visitorid,event,itemid,transactionid",
                "1433221332117,1,view,10,",
                "1433221332118,2,view",                   // line 3: too few columns
                "1433221332119,,view,10,",                // line 4: no user
                "1433221332120,3,view,,",                 // line 5: no item
                "yesterday,4,view,10,",                   // line 6: timestamp
                "1433221332121,5,wishlist,10,",           // line 7: type not mapped
                "",                                       // line 8: blank
                "-5,6,view,10,",                          // line 9: the contract refuses negative times
                "1433221332122,7,addtocart,11,",
                "1433221332123,8,wishlist,12,");          // line 11: type not mapped
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(csv, RETAILROCKET, s);
        assertThat(events).extracting(e -> e.userId).containsExactly("1", "7");
        assertThat(s[0].rows()).isEqualTo(10);
        assertThat(s[0].events()).isEqualTo(2);
        assertThat(s[0].skippedTotal()).isEqualTo(8);
        assertThat(s[0].skipped()).containsEntry(CsvImport.COLUMNS, 1L).containsEntry(CsvImport.NO_USER, 1L)
                .containsEntry(CsvImport.NO_ITEM, 1L).containsEntry(CsvImport.BAD_TS, 1L)
                .containsEntry(CsvImport.UNMAPPED_TYPE, 2L).containsEntry(CsvImport.BLANK, 1L)
                .containsEntry(CsvImport.CONTRACT, 1L);
        assertThat(s[0].examples().get(CsvImport.UNMAPPED_TYPE)).containsExactly("line 7: 'wishlist'", "line 11: 'wishlist'");
        assertThat(s[0].examples().get(CsvImport.COLUMNS)).containsExactly("line 3: 3 of 4");
        assertThat(s[0].examples().get(CsvImport.CONTRACT).get(0)).startsWith("line 9: ts: negative");
        assertThat(s[0].describe()).hasSize(7);
    }

    /** DIGINETICA's views: a session's day plus the milliseconds since the session started. */
    @Test
    void sumsTimestampTermsADayPlusAnOffset() throws Exception {
        CsvImport.Mapping m = CsvImport.Mapping.parse("user=session_id,item=item_id,ts=eventdate:date+timeframe:ms",
                null, "view", ";", null);
        assertThat(m.ts()).containsExactly(new CsvImport.TimeTerm("eventdate", CsvImport.TimeUnit.DATE),
                new CsvImport.TimeTerm("timeframe", CsvImport.TimeUnit.MS));
        String csv = String.join("\n",
                "session_id;user_id;item_id;timeframe;eventdate",
                "1;NA;81766;526309;2016-05-09",
                "1;NA;31331;1031018;2016-05-09",
                "2;NA;32118;0;2016-05-10",
                "3;NA;9654;75848;May 9",               // line 5: the day cannot be read
                "4;NA;9654;later;2016-05-09");         // line 6: the offset cannot be read
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(csv, m, s);
        long day = 1462752000000L; // 2016-05-09T00:00Z
        assertThat(events).containsExactly(
                Event.of("1", "81766", EventType.VIEW, day + 526309),
                Event.of("1", "31331", EventType.VIEW, day + 1031018),
                Event.of("2", "32118", EventType.VIEW, day + 86_400_000L));
        assertThat(s[0].skipped()).containsExactly(java.util.Map.entry(CsvImport.BAD_TS, 2L));
        assertThat(s[0].examples().get(CsvImport.BAD_TS)).containsExactly("line 5: 'May 9'", "line 6: 'later'");
        // the day starts in the given zone
        CsvImport.Mapping london = CsvImport.Mapping.parse("user=session_id,item=item_id,ts=eventdate:date+timeframe",
                null, "view", ";", "Europe/London");
        assertThat(read(csv, london, s).get(0).ts).isEqualTo(day - 3_600_000L + 526309);
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c:date+", null, "view", null, null))
                .hasMessageContaining("a term without a column");
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c:day", null, "view", null, null))
                .hasMessageContaining("unit is ms, s, us, ns, iso or date");
    }

    @Test
    void readsEveryTimestampUnit() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(CsvImport.millis("1433221332117", CsvImport.TimeUnit.MS, utc)).isEqualTo(1433221332117L);
        assertThat(CsvImport.millis("1396437466.94", CsvImport.TimeUnit.S, utc)).isEqualTo(1396437466940L);
        assertThat(CsvImport.millis("1396437466", CsvImport.TimeUnit.S, utc)).isEqualTo(1396437466000L);
        assertThat(CsvImport.millis("1433221332117999", CsvImport.TimeUnit.US, utc)).isEqualTo(1433221332117L);
        assertThat(CsvImport.millis("1433221332117999999", CsvImport.TimeUnit.NS, utc)).isEqualTo(1433221332117L);
        assertThat(CsvImport.millis("2019-10-01 00:00:05 UTC", CsvImport.TimeUnit.ISO, utc)).isEqualTo(1569888005000L);
        assertThat(CsvImport.millis("2019-10-01T02:00:05+02:00", CsvImport.TimeUnit.ISO, utc)).isEqualTo(1569888005000L);
        // no offset: the zone given; London is on summer time (UTC+1) on 1 June
        assertThat(CsvImport.millis("2011-06-01 14:32:00", CsvImport.TimeUnit.ISO, ZoneId.of("Europe/London")))
                .isEqualTo(1306935120000L);
        assertThatThrownBy(() -> CsvImport.millis("12:00", CsvImport.TimeUnit.MS, utc))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CsvImport.millis("1433221332", CsvImport.TimeUnit.ISO, utc))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneTypeForEveryRowValuesCategoriesAndTabs() throws Exception {
        CsvImport.Mapping m = CsvImport.Mapping.parse("user=SessionId,item=ItemId,ts=Time:s,value=Qty,category=Cat",
                null, "view", "tab", null);
        String csv = String.join("\n", "SessionId\tItemId\tTime\tQty\tCat",
                "3\t214716935\t1396437466.94\t2\tshoes",
                "3\t214832672\t1396438212.318\t\t",
                "4\t214832672\t1396438213\tmany\tshoes");
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(csv, m, s);
        assertThat(events).containsExactly(
                new Event(null, "3", "214716935", EventType.VIEW, 1396437466940L, 2.0, "shoes", null),
                Event.of("3", "214832672", EventType.VIEW, 1396438212318L));
        assertThat(s[0].skipped()).containsExactly(java.util.Map.entry(CsvImport.BAD_VALUE, 1L));
    }

    @Test
    void withoutATypeMappingTheValuesAreTheContractsNames() throws Exception {
        CsvImport.Mapping m = CsvImport.Mapping.parse("user=u,item=i,type=t,ts=when:iso", null, null, ";", null);
        String csv = String.join("\n", "u;i;t;when", "a;x;purchase;2024-05-01T12:00:00Z", "a;y;addtocart;2024-05-01T12:00:01Z",
                "\"b;c\";\"z\";view;2024-05-01T12:00:02Z");
        CsvImport.Stats[] s = new CsvImport.Stats[1];
        List<Event> events = read(csv, m, s);
        assertThat(events).extracting(e -> e.userId + " " + e.itemId + " " + e.type.wireName())
                .containsExactly("a x purchase", "b;c z view");
        assertThat(s[0].skipped()).containsEntry(CsvImport.UNMAPPED_TYPE, 1L);
    }

    @Test
    void rejectsAMappingThatCannotWork() {
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b", null, "view", null, null))
                .hasMessageContaining("ts=COLUMN");
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c:hours", null, "view", null, null))
                .hasMessageContaining("ms, s, us, ns, iso or date");
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c", null, null, null, null))
                .hasMessageContaining("--type view");
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c,type=d", "x=like", null, null, null))
                .hasMessageContaining("not an event type");
        assertThatThrownBy(() -> CsvImport.Mapping.parse("user=a,item=b,ts=c,shop=d", null, "view", null, null))
                .hasMessageContaining("unknown field");
        CsvImport.Mapping m = CsvImport.Mapping.parse("user=visitor,item=b,ts=c", null, "view", null, null);
        assertThatThrownBy(() -> CsvImport.read(new BufferedReader(new StringReader("a,b,c\n1,2,3")), m, e -> { }))
                .hasMessageContaining("no column 'visitor'");
    }

    @Test
    void importsAGzipFileToJsonLinesTheBenchesRead(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("events.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(csv))) {
            out.write(String.join("\n", "timestamp,visitorid,event,itemid,transactionid",
                    "1433221332117,257597,view,355908,", "oops,1,view,2,", "1433221332118,257597,transaction,355908,7")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path jsonl = dir.resolve("out/events.jsonl");
        CsvImport.Stats s = CsvImport.importFile(csv, RETAILROCKET, jsonl);
        assertThat(s.events()).isEqualTo(2);
        assertThat(s.skipped()).containsEntry(CsvImport.BAD_TS, 1L);
        EventFiles.ReadResult back = EventFiles.read(jsonl);
        assertThat(back.rejected()).isEmpty();
        assertThat(back.events()).containsExactly(Event.of("257597", "355908", EventType.VIEW, 1433221332117L),
                Event.of("257597", "355908", EventType.PURCHASE, 1433221332118L));
    }
}
