"""Checks stage 1 (01-http): the app logs squared readings that really came from the sensor and
were really squared by the worker.

    swift run muster test -f examples/sensor-worker-app/01-http/Procfile -- \
        python3 examples/sensor-worker-app/tests/check_http.py
"""

from checks import check_readings_came_from_the_sensor, log_lines, result_lines, say, wait_until


def three_results():
    results = result_lines(log_lines("app"))
    return results if len(results) >= 3 else None


results = wait_until(three_results, 30, "three squared readings in the app's output")
say("the app logged right squares: " + ", ".join(f"{n}² = {square}" for _, n, square, _ in results))

check_readings_came_from_the_sensor([(seq, n) for seq, n, _, _ in results])
say("each reading was first printed by the sensor")

wanted = {f"squaring {n}" for _, n, _, _ in results}
wait_until(lambda: wanted <= {text for _, text in log_lines("worker")}, 10, "worker lines for every reading")
say("and squared by the worker")
