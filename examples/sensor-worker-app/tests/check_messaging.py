"""Checks stages 2 and 4: readings flow from the sensor through both workers to topic results and
to the app; and when a worker is stopped while it squares a reading, nothing is lost: the broker
hands that reading to the other worker, and every reading still arrives, squared.

    swift run muster test -f examples/sensor-worker-app/02-messaging/muster.yaml -- \
        python3 examples/sensor-worker-app/tests/check_messaging.py
"""

import re

from checks import (check_readings_came_from_the_sensor, control, fail, followed_logs, log_lines, poll,
                    result_lines, say, subscribed_results, wait_until)

SQUARING = re.compile(r"#(\d+): squaring \d+")
results = subscribed_results()
workers = followed_logs("worker")


def received():
    """The results so far, by reading number."""
    by_seq = {}
    for result in results.snapshot():
        if result["square"] != result["n"] ** 2:
            fail(f"a wrong square was published: {result}")
        by_seq.setdefault(result["seq"], []).append(result)
    return by_seq


def next_reading_taken_by_worker_1(after):
    """The number of the first reading worker.1 starts squaring after its first `after` log lines."""
    for instance, text in workers.snapshot()[after:]:
        match = SQUARING.search(text)
        if instance == "worker.1" and match:
            return int(match.group(1))


wait_until(lambda: {r["worker"] for r in results.snapshot()} >= {"worker.1", "worker.2"}, 30,
           "results from both workers")
# Results may arrive slightly out of order, and the earliest predate our subscription.
first = min(received()) + 3
say(f"both workers publish right squares to topic results (first reading checked: #{first})")

for attempt in range(5):
    lines_before = len(workers.snapshot())
    in_flight = wait_until(lambda: next_reading_taken_by_worker_1(lines_before), 30, "reading taken by worker.1")
    control("POST", "/v1/services/worker.1/stop")
    wait_until(lambda: control("GET", "/v1/services/worker.1")[0]["state"] == "stopped", 30,
               "stopped worker.1")
    handed_over = poll(lambda: [r for r in received().get(in_flight, []) if r["worker"] != "worker.1"], 15)
    if handed_over:
        break
    if not received().get(in_flight):
        fail(f"reading #{in_flight}, which worker.1 was squaring when it was stopped, never arrived")
    say(f"worker.1 finished #{in_flight} before it stopped; starting it again to try once more")
    control("POST", "/v1/services/worker.1/start")
else:
    fail("worker.1 always finished its reading before it stopped, so no hand-over could be checked")
say(f"worker.1 was stopped while squaring #{in_flight}; {handed_over[0]['worker']} squared it "
    f"(delivery {handed_over[0]['attempts']})")

last = in_flight + 6
wait_until(lambda: all(seq in received() for seq in range(first, last + 1)), 30,
           f"results for every reading from #{first} to #{last}")
say(f"every reading from #{first} to #{last} arrived, squared: nothing was lost")

check_readings_came_from_the_sensor([(seq, received()[seq][0]["n"]) for seq in range(first, last + 1)])
wait_until(lambda: any(seq == in_flight for seq, _, _, _ in result_lines(log_lines("app"))), 10,
           f"app line for #{in_flight}")
say(f"the sensor printed each of them, and the app logged #{in_flight}")
