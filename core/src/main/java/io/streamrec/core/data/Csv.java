package io.streamrec.core.data;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 line splitting (quoted fields, doubled quotes); enough for the data sets we ship. */
final class Csv {
    private Csv() {}

    static List<String> split(String line) {
        return split(line, ',');
    }

    /** Splits on {@code delimiter} outside quotes. */
    static List<String> split(String line, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
