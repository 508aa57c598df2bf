package io.streamrec.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.core.event.Event;
import io.streamrec.core.event.EventJson;
import io.streamrec.core.event.EventType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the UCI Online Retail CSV (data/online-retail/, CC BY 4.0, Chen, Sain and Guo 2012) into
 * streamrec events, handling what the real data has:
 * <ul>
 *   <li>a row with a customer and a positive quantity is a {@code purchase} with the quantity as value;</li>
 *   <li>an invoice starting with {@code C} is a cancellation: {@code remove_from_cart} (negative signal);</li>
 *   <li>rows without a CustomerID (guest checkouts) have no user and are skipped;</li>
 *   <li>StockCodes that are not products (POST, M, DOT, BANK CHARGES, …) are skipped: products are
 *       five digits with an optional letter suffix;</li>
 *   <li>the category is derived from the description: its last meaningful noun, singular, lower case
 *       ("WHITE HANGING HEART T-LIGHT HOLDER" → "holder");</li>
 *   <li>InvoiceDate is UK local time and becomes epoch millis in Europe/London.</li>
 * </ul>
 */
public final class OnlineRetail {
    private static final Pattern PRODUCT = Pattern.compile("^\\d{5}[A-Za-z]{0,3}$");
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final Set<String> NOT_A_CATEGORY = Set.of("SET", "OF", "DESIGN", "ASSORTED", "COLOUR", "COLOURS",
            "PACK", "SMALL", "LARGE", "MINI", "JUMBO", "RED", "PINK", "BLUE", "WHITE", "GREEN", "BLACK", "IVORY",
            "CREAM", "GOLD", "SILVER", "PURPLE", "ORANGE", "YELLOW", "BROWN", "GREY", "NATURAL", "VINTAGE", "RETROSPOT",
            "POLKADOT", "SPOT", "SPOTS", "STRIPE", "STRIPES", "FLOWER", "FLOWERS", "HEART", "HEARTS", "THE", "AND",
            "WITH", "FOR", "TWO", "TEN", "SIX", "FOUR", "THREE", "TWELVE", "EACH", "TIN", "ASST", "DES", "ANTIQUE");

    /** What the conversion kept and skipped. */
    public record Stats(int rows, int events, int purchases, int cancellations, int guestRows, int nonProductRows,
                        int otherSkipped) {}

    public record Result(List<Event> events, Stats stats) {}

    /** What the shop shows of a product: its description (as the data has it) and its usual unit price. */
    public record Product(String description, Double unitPrice) {}

    private OnlineRetail() {}

    /** The products of the file by StockCode (see {@link #products(BufferedReader)}). */
    public static Map<String, Product> products(Path csv) {
        try (BufferedReader r = csv.getFileName().toString().endsWith(".gz")
                ? new BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                        Files.newInputStream(csv), 1 << 16), StandardCharsets.UTF_8))
                : Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return products(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The products by StockCode, with the last non-empty description and the most frequent positive unit
     * price of the file, the later one on a tie (guest rows pay other prices now and then). Rows of any
     * customer, guests included; non-products skipped. Either may be null.
     */
    public static Map<String, Product> products(BufferedReader r) throws IOException {
        String header = r.readLine();
        if (header == null || !header.startsWith("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice")) {
            throw new IOException("not an Online Retail CSV (unexpected header: " + header + ")");
        }
        Map<String, String> descriptions = new LinkedHashMap<>();
        Map<String, Map<Double, Integer>> prices = new LinkedHashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            List<String> f = Csv.split(line);
            if (f.size() < 8) {
                continue;
            }
            String stock = f.get(1).trim().toUpperCase(Locale.ROOT);
            if (!PRODUCT.matcher(stock).matches()) {
                continue;
            }
            String description = f.get(2).trim().replaceAll("\\s+", " ");
            if (!description.isEmpty() || !descriptions.containsKey(stock)) {
                descriptions.put(stock, description.isEmpty() ? null : description);
            }
            Map<Double, Integer> seen = prices.computeIfAbsent(stock, k -> new LinkedHashMap<>());
            try {
                double p = Double.parseDouble(f.get(5).trim());
                if (Double.isFinite(p) && p > 0) {
                    int n = seen.getOrDefault(p, 0) + 1;
                    seen.remove(p); // re-inserted last: the later price wins a tie
                    seen.put(p, n);
                }
            } catch (NumberFormatException e) {
                // no price on this row
            }
        }
        Map<String, Product> products = new LinkedHashMap<>();
        descriptions.forEach((stock, description) -> {
            Double usual = null;
            int most = 0;
            for (Map.Entry<Double, Integer> e : prices.get(stock).entrySet()) {
                if (e.getValue() >= most) {
                    most = e.getValue();
                    usual = e.getKey();
                }
            }
            products.put(stock, new Product(description, usual));
        });
        return products;
    }

    public static Result read(Path csv) {
        try (BufferedReader r = csv.getFileName().toString().endsWith(".gz")
                ? new BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                        Files.newInputStream(csv), 1 << 16), StandardCharsets.UTF_8))
                : Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result read(BufferedReader r) throws IOException {
        String header = r.readLine();
        if (header == null || !header.startsWith("InvoiceNo,StockCode,Description,Quantity,InvoiceDate")) {
            throw new IOException("not an Online Retail CSV (unexpected header: " + header + ")");
        }
        List<Event> events = new ArrayList<>();
        int rows = 0, purchases = 0, cancellations = 0, guests = 0, nonProducts = 0, other = 0;
        String line;
        while ((line = r.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            rows++;
            List<String> f = Csv.split(line);
            if (f.size() < 8) {
                other++;
                continue;
            }
            String invoice = f.get(0).trim();
            String stock = f.get(1).trim().toUpperCase(Locale.ROOT);
            String description = f.get(2).trim();
            String customer = f.get(6).trim();
            if (customer.isEmpty()) {
                guests++;
                continue;
            }
            if (!PRODUCT.matcher(stock).matches()) {
                nonProducts++;
                continue;
            }
            double quantity;
            long ts;
            try {
                quantity = Double.parseDouble(f.get(3).trim());
                ts = LocalDateTime.parse(isoDateTime(f.get(4).trim())).atZone(UK).toInstant().toEpochMilli();
            } catch (RuntimeException e) {
                other++;
                continue;
            }
            if (customer.endsWith(".0")) {
                customer = customer.substring(0, customer.length() - 2);
            }
            boolean cancellation = invoice.startsWith("C");
            EventType type;
            if (cancellation) {
                type = EventType.REMOVE_FROM_CART;
                cancellations++;
            } else if (quantity > 0) {
                type = EventType.PURCHASE;
                purchases++;
            } else {
                other++; // stock adjustments: no customer action
                continue;
            }
            ObjectNode ctx = EventJson.MAPPER.createObjectNode();
            ctx.put("invoice", invoice);
            ctx.put("country", f.get(7).trim());
            ctx.put("source", "online-retail");
            String eventId = invoice + "-" + stock + "-" + rows;
            events.add(new Event(eventId, customer, stock, type, ts, Math.abs(quantity), category(description),
                    ctx.toString()));
        }
        return new Result(events, new Stats(rows, events.size(), purchases, cancellations, guests, nonProducts, other));
    }

    /** The derived category of a description, or null when none can be found. */
    public static String category(String description) {
        if (description == null) {
            return null;
        }
        String[] words = description.toUpperCase(Locale.ROOT).split("[^A-Z]+");
        for (int i = words.length - 1; i >= 0; i--) {
            String w = words[i];
            if (w.length() >= 3 && !NOT_A_CATEGORY.contains(w)) {
                return singular(w).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    static String singular(String w) {
        if (w.endsWith("IES") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "Y";
        }
        if (w.endsWith("XES") || w.endsWith("SHES") || w.endsWith("CHES") || w.endsWith("SSES")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("S") && !w.endsWith("SS") && w.length() > 3) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** {@code 2010-12-01 08:26:00} (the full file) or {@code 2010-12-01T08:26:00} (the subsets), as ISO-8601. */
    static String isoDateTime(String s) {
        return s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    }
}
