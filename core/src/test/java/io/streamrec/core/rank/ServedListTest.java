package io.streamrec.core.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServedListTest {
    static ServedList.Item item(String id, int segment, double model, double trend) {
        return new ServedList.Item(id, segment, new double[] {model, 0, 0, trend, 0, 0});
    }

    static final ServedList LIST = new ServedList("u1", 1_000, "r1._._abc", 7,
            List.of(item("a", 3, 0.5, 0.1), item("b", 4, 0.25, 0.0), item("c", 5, 0.125, 0.5)));

    @Test
    void feedbackIsTheItemTakenAgainstEveryOtherItemShown() {
        ServedList.Feedback f = LIST.feedback("b");
        assertThat(f.takenSegment()).isEqualTo(4);
        assertThat(f.taken()).containsExactly(0.25, 0, 0, 0, 0, 0);
        assertThat(f.others()).hasSize(2);
        assertThat(f.otherSegments()).containsExactly(3, 5);
        assertThat(f.others().get(1)).containsExactly(0.125, 0, 0, 0.5, 0, 0);
    }

    @Test
    void anItemNotInTheListOrAListOfOneSaysNothing() {
        assertThat(LIST.feedback("z")).isNull();
        assertThat(new ServedList("u", 0, null, 0, List.of(item("a", 0, 1, 0))).feedback("a")).isNull();
    }

    @Test
    void jsonRoundTripKeepsEverythingAtFloatPrecision() {
        ServedList back = ServedList.fromJson(LIST.toJson());
        assertThat(back.userId()).isEqualTo("u1");
        assertThat(back.ts()).isEqualTo(1_000);
        assertThat(back.recId()).isEqualTo("r1._._abc");
        assertThat(back.weightsVersion()).isEqualTo(7);
        assertThat(back.items()).extracting(ServedList.Item::itemId).containsExactly("a", "b", "c");
        assertThat(back.items().get(2).segment()).isEqualTo(5);
        assertThat(back.items().get(2).parts()).containsExactly(0.125, 0, 0, 0.5, 0, 0);
        assertThat(ServedList.fromJson(new ServedList("u", 5, null, 0, List.of()).toJson()).recId()).isNull();
    }

    @Test
    void malformedListsAreRejectedWithTheirReason() {
        assertThatThrownBy(() -> ServedList.fromJson("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ServedList.fromJson("[]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ServedList.fromJson("{\"ts\":1,\"items\":[]}")).hasMessageContaining("userId");
        assertThatThrownBy(() -> ServedList.fromJson("{\"userId\":\"u\",\"items\":[]}")).hasMessageContaining("ts");
        assertThatThrownBy(() -> ServedList.fromJson("{\"userId\":\"u\",\"ts\":1}")).hasMessageContaining("items");
        String bad = "{\"userId\":\"u\",\"ts\":1,\"items\":[{\"itemId\":\"a\",\"segment\":%s,\"parts\":%s}]}";
        assertThatThrownBy(() -> ServedList.fromJson(bad.formatted("99", "[1,0,0,0,0,0]"))).hasMessageContaining("segment");
        assertThatThrownBy(() -> ServedList.fromJson(bad.formatted("1", "[1,0]"))).hasMessageContaining("6 parts");
        assertThatThrownBy(() -> ServedList.fromJson(bad.formatted("1", "[1,0,0,0,0,\"x\"]"))).hasMessageContaining("finite");
    }
}
