"""Checks stage 3 (03-discovery): the app finds the sensor and both workers through the registry
and uses both workers; when worker.1 is stopped, the registry stops listing it as healthy and the
app carries on with worker-2 alone.

    swift run muster test -f examples/sensor-worker-app/03-discovery/muster.yaml -- \
        python3 examples/sensor-worker-app/tests/check_discovery.py
"""

from checks import check_readings_came_from_the_sensor, control, fail, log_lines, result_lines, say, wait_until


def healthy_lists(lines):
    """What each "healthy workers: ..." line among lines lists."""
    return [text.split("healthy workers: ", 1)[1] for _, text in lines if "healthy workers: " in text]


def results_from(workers, lines, count):
    """The results among lines, once there are count of them and all of workers took part."""
    results = result_lines(lines)
    return results if len(results) >= count and {worker for *_, worker in results} >= workers else None


wait_until(lambda: any("worker-1 at" in listed and "worker-2 at" in listed for listed in healthy_lists(log_lines("app"))),
           30, "app line listing worker-1 and worker-2 as healthy")
results = wait_until(lambda: results_from({"worker-1", "worker-2"}, log_lines("app"), 2), 30, "results from both workers")
check_readings_came_from_the_sensor([(seq, n) for seq, n, _, _ in results])
say("the app found the sensor and both workers in the registry, and used them all")

seen = len(log_lines("app"))
control("POST", "/v1/services/worker.1/stop")


def lines_since_worker_1_left():
    """The app's lines from its first list of healthy workers without worker-1 after the stop."""
    lines = log_lines("app")[seen:]
    for index, (_, text) in enumerate(lines):
        if "healthy workers: " in text and "worker-1" not in text and "worker-2 at" in text:
            return lines[index:]


wait_until(lines_since_worker_1_left, 30, "app line listing worker-2 alone after worker.1 stopped")
say("after worker.1 stopped, the registry listed worker-2 alone")
later = wait_until(lambda: results_from({"worker-2"}, lines_since_worker_1_left(), 3), 30,
                   "three results after worker-1 left")
if {worker for *_, worker in later} != {"worker-2"}:
    fail(f"the app still used worker-1 after the registry dropped it: {later}")
say("and the app carried on with worker-2 alone")
