package io.streamrec.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.client.model.EventSchema;
import io.streamrec.client.model.EventsControllerPostRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written body of POST /v1/events goes out as the API reads it: one event or an array. */
class EventsBodyTest {
    final ObjectMapper json = ApiClient.createDefaultObjectMapper();
    final EventSchema view = new EventSchema().userId("alice").itemId("tent").type("view").ts("2026-12-04T10:00:00Z");

    @Test
    void oneEventIsAnObjectAndABatchAnArray() throws Exception {
        assertThat(json.writeValueAsString(EventsControllerPostRequest.of(view)))
                .isEqualTo("{\"itemId\":\"tent\",\"ts\":\"2026-12-04T10:00:00Z\",\"type\":\"view\",\"userId\":\"alice\"}");
        assertThat(json.readTree(json.writeValueAsString(EventsControllerPostRequest.of(List.of(view, view)))))
                .hasSize(2).allSatisfy(e -> assertThat(e.get("userId").asText()).isEqualTo("alice"));
    }

    @Test
    void unsetOptionalFieldsAreLeftOutButAMissingRequiredOneIsSentAsNull() throws Exception {
        var sent = json.readTree(json.writeValueAsString(EventsControllerPostRequest.of(
                new EventSchema().userId("bob").type("view").ts("2026-12-04T10:00:00Z"))));
        assertThat(sent.has("context")).isFalse(); // not an empty object: the event has no context
        assertThat(sent.has("value")).isFalse();
        assertThat(sent.get("itemId").isNull()).isTrue(); // the API answers "itemId: required" for it
    }
}
