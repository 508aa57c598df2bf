package io.streamrec.api.recommend;

import java.util.List;

/** One recommended item with its score and, when asked for, the reasons. */
public record ScoredItem(String itemId, double score, List<String> reasons) {}
