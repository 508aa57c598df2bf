package io.streamrec.content;

/** The text of a catalogue item that is embedded: its title, then its description. */
public final class CatalogText {
    /** Texts embedded per model call. */
    public static final int BATCH = 32;

    private CatalogText() {}

    /** Title and description joined by a full stop; null when the item has neither (nothing to embed). */
    public static String of(String title, String description) {
        boolean t = title != null && !title.isBlank();
        boolean d = description != null && !description.isBlank();
        if (!t && !d) {
            return null;
        }
        return !d ? title.strip() : !t ? description.strip() : title.strip() + ". " + description.strip();
    }
}
