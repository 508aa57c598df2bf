package io.streamrec.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamrec.core.catalog.CatalogItem;
import io.streamrec.core.catalog.CatalogParser;
import io.streamrec.core.event.EventJson;

/**
 * Any JSON at the catalogue parser, with or without an id from the URL: an item or a reason, never an
 * exception; an accepted item reads back from its stored form unchanged.
 */
class CatalogParserFuzzTest {
    private static final CatalogParser PARSER = new CatalogParser();

    @FuzzTest(maxDuration = "10s")
    void parsesAnyJsonIntoAnItemOrAReason(FuzzedDataProvider data) {
        String pathItemId = data.consumeBoolean() ? data.consumeString(140) : null;
        String body = data.consumeRemainingAsString();
        JsonNode node;
        try {
            node = EventJson.readTree(body);
        } catch (EventJson.InvalidJsonException e) {
            return; // the API answers 400 before the parser sees it
        }
        CatalogParser.Result r = PARSER.parse(node, pathItemId, 1_700_000_000_000L);
        if (r.isValid()) {
            CatalogItem item = r.item();
            assertThat(CatalogItem.fromJson(item.itemId(), item.toJson())).isEqualTo(item);
        } else {
            assertThat(r.reason()).isNotBlank();
        }
    }
}
