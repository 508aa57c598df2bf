# A synthetic marketplace-shaped stream, for timing the quality bench only (never for quality figures):
# 110,000 events in two hours, 100,000 possible users (Zipf 0.45), a Zipf head of 3,000 items taking
# 17 % of the events, the rest uniform over 600,000 tail ids; 89 % views, 8 % carts, 3 % purchases;
# 300 categories. docs/benchmarks.md, "Run time on an 85k-item, 110k-event stream".
#
#   python3 benchmarks/scripts/marketplace_shaped.py            # writes marketplace-shaped.csv here
#   ./recsys data import --csv marketplace-shaped.csv --out var/marketplace-shaped.jsonl \
#       --map user=user_id,item=product_id,ts=event_time:ms,type=event_type,category=category \
#       --types view=view,cart=add_to_cart,purchase=purchase
#   ./recsys bench quality --dataset var/marketplace-shaped.jsonl
#
# The runs in docs/benchmarks.md used this stream with categories from Python's per-process string
# hash; this script takes them from CRC-32 so that the file is the same on every run (timestamps,
# users, items and types are identical to that stream's).
import random, math, zlib
random.seed(25)
N_EVENTS, N_USERS, HEAD, TAIL = 110_000, 100_000, 3_000, 600_000
t0 = 1_569_888_000_000  # 2019-10-01T00:00Z
span = 2 * 3600 * 1000
# user activity: Zipf over users
w = [1 / (i + 1) ** 0.45 for i in range(N_USERS)]
users = random.choices(range(N_USERS), weights=w, k=N_EVENTS)
headw = [1 / (i + 1) ** 1.0 for i in range(HEAD)]
rows = []
for k, u in enumerate(users):
    ts = t0 + int(span * k / N_EVENTS) + random.randint(0, 999)
    item = "h%d" % random.choices(range(HEAD), weights=headw)[0] if random.random() < 0.17 else "t%d" % random.randrange(TAIL)
    r = random.random()
    typ = "view" if r < 0.89 else ("cart" if r < 0.97 else "purchase")
    rows.append((ts, "u%d" % u, item, typ, "c%d" % (zlib.crc32(item.encode()) % 300)))
with open("marketplace-shaped.csv", "w") as f:
    f.write("event_time,user_id,product_id,event_type,category\n")
    for r in rows:
        f.write("%d,%s,%s,%s,%s\n" % r)
